using Npgsql;
using NpgsqlTypes;
using Workbench.Runs.Hosting;

namespace Workbench.Runs.Artifacts;

/// <summary>
/// Artifacts in the workbench's own PostgreSQL database, so web and workers on different machines need nothing
/// but the database (setting Artifacts:Store=postgres). An artifact is a row of <c>artifacts</c> (hash, length)
/// and its content rows of <c>artifact_chunks</c>, <see cref="ArtifactStore.ChunkBytes"/> each.
/// </summary>
/// <remarks>
/// Chunked rows rather than large objects: plain tables and bytea, which any role that can use the schema may
/// read and write, which pg_dump and a schema drop treat like the rest of the workbench, and which leave no
/// orphaned large objects to clean up (vacuumlo) when a write fails. A whole artifact is written in one transaction
/// (chunks first, its <c>artifacts</c> row last), so readers never see half of one, and reads fetch one chunk at a time.
/// </remarks>
public sealed class PostgresArtifactStore(NpgsqlDataSource database) : ArtifactStore, IDisposable
{
    private const string Artifacts = WorkbenchStore.Schema + ".artifacts";
    private const string Chunks = WorkbenchStore.Schema + ".artifact_chunks";

    private readonly SemaphoreSlim schemaLock = new(1, 1);
    private volatile bool schemaReady;

    public PostgresArtifactStore(string connectionString) : this(NpgsqlDataSource.Create(connectionString))
    {
    }

    public override async Task<string> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        await EnsureSchema(cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The hash is known only at the end: chunks are written under an upload id that the artifacts row then names.
        var upload = Guid.NewGuid();
        var index = 0;
        long length = 0;
        await using var insertChunk = new NpgsqlCommand($"insert into {Chunks} (upload, index, data) values ($1, $2, $3)", connection, transaction);
        var indexParameter = new NpgsqlParameter<int>();
        var dataParameter = new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea };
        insertChunk.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = upload });
        insertChunk.Parameters.Add(indexParameter);
        insertChunk.Parameters.Add(dataParameter);
        var hash = await HashWhileCopying(content, async (chunk, token) =>
        {
            indexParameter.TypedValue = index++;
            dataParameter.TypedValue = chunk;
            await insertChunk.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            length += chunk.Length;
        }, cancellationToken).ConfigureAwait(false);

        await using var insertArtifact = new NpgsqlCommand(
            $"insert into {Artifacts} (hash, upload, length, chunk_bytes) values ($1, $2, $3, $4) on conflict (hash) do nothing", connection, transaction)
        {
            Parameters = { new() { Value = hash }, new() { Value = upload }, new() { Value = length }, new() { Value = ChunkBytes } },
        };
        // Someone stored the same content first: theirs stays, and these chunks go with the rollback.
        if (await insertArtifact.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        else
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return hash;
    }

    public override async Task<Stream?> OpenReadAsync(string hash, CancellationToken cancellationToken = default)
    {
        if (!IsHash(hash)) return null;
        await EnsureSchema(cancellationToken).ConfigureAwait(false);
        await using var command = database.CreateCommand($"select upload, length, chunk_bytes from {Artifacts} where hash = $1");
        command.Parameters.Add(new() { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new ChunkedContent(database, reader.GetGuid(0), reader.GetInt64(1), reader.GetInt32(2));
    }

    public override async Task<bool> ContainsAsync(string hash, CancellationToken cancellationToken = default)
    {
        if (!IsHash(hash)) return false;
        await EnsureSchema(cancellationToken).ConfigureAwait(false);
        await using var command = database.CreateCommand($"select exists (select 1 from {Artifacts} where hash = $1)");
        command.Parameters.Add(new() { Value = hash });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public override string ToString() => "PostgreSQL";

    public void Dispose() => database.Dispose();

    /// <summary>Creates the tables on first use, once per process; the advisory lock keeps two hosts starting at once from racing.</summary>
    private async Task EnsureSchema(CancellationToken cancellationToken)
    {
        if (schemaReady) return;
        await schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (schemaReady) return;
            await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"""
                select pg_advisory_xact_lock(hashtext('{Artifacts}'));
                create schema if not exists {WorkbenchStore.Schema};
                create table if not exists {Chunks} (
                    upload uuid not null,
                    index integer not null,
                    data bytea not null,
                    primary key (upload, index));
                create table if not exists {Artifacts} (
                    hash text primary key,
                    upload uuid not null unique,
                    length bigint not null,
                    chunk_bytes integer not null,
                    stored_at timestamptz not null default now());
                """, connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            schemaReady = true;
        }
        finally
        {
            schemaLock.Release();
        }
    }

    /// <summary>An artifact's content read chunk by chunk: at most one chunk in memory, and seekable (HTTP range requests).</summary>
    private sealed class ChunkedContent(NpgsqlDataSource database, Guid upload, long length, int chunkBytes) : Stream
    {
        private readonly byte[] chunk = new byte[chunkBytes];
        private int loadedIndex = -1;
        private int loadedLength;
        private long position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => position;
            set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position >= length || buffer.Length == 0) return 0;
            var index = (int)(position / chunkBytes);
            if (index != loadedIndex) await Load(index, cancellationToken).ConfigureAwait(false);
            var offset = (int)(position - (long)index * chunkBytes);
            var count = Math.Min(buffer.Length, loadedLength - offset);
            chunk.AsMemory(offset, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private async Task Load(int index, CancellationToken cancellationToken)
        {
            await using var command = database.CreateCommand($"select data from {Chunks} where upload = $1 and index = $2");
            command.Parameters.Add(new() { Value = upload });
            command.Parameters.Add(new() { Value = index });
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                throw new InvalidDataException($"Chunk {index} of artifact upload {upload} is missing.");
            loadedLength = (int)reader.GetBytes(0, 0, chunk, 0, chunk.Length);
            loadedIndex = index;
        }
    }
}
