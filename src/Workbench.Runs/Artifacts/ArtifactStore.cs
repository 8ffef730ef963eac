using System.Buffers;
using System.Security.Cryptography;

namespace Workbench.Runs.Artifacts;

/// <summary>
/// Large results (checkpoints, sample sets) named by the SHA-256 of their content, so events refer to them
/// by hash and an artifact can never change under its name. Two places to keep them, chosen by the setting
/// Artifacts:Store: <see cref="FolderArtifactStore"/> (one machine, or hosts sharing a volume) and
/// <see cref="PostgresArtifactStore"/> (hosts that share only the database).
/// </summary>
/// <remarks>
/// An abstract class rather than an interface: hashing while streaming, the form of a hash and the byte-array
/// conveniences are the same for both stores; only where the bytes live differs. Content is streamed in
/// pieces of <see cref="ChunkBytes"/>, so an artifact of any size is never held in memory whole.
/// </remarks>
public abstract class ArtifactStore
{
    public const string FolderKind = "folder";
    public const string PostgresKind = "postgres";

    /// <summary>The piece content is read, hashed and written in.</summary>
    public const int ChunkBytes = 1024 * 1024;

    /// <summary>Reads the content to its end, stores it (once: equal content is one artifact) and returns its hash.</summary>
    public abstract Task<string> PutAsync(Stream content, CancellationToken cancellationToken = default);

    /// <returns>the artifact's content, to read from the start; null when no artifact has this hash</returns>
    public abstract Task<Stream?> OpenReadAsync(string hash, CancellationToken cancellationToken = default);

    public abstract Task<bool> ContainsAsync(string hash, CancellationToken cancellationToken = default);

    // Blocking forms for the engine's synchronous jobs and for small artifacts (results, sample sets).

    /// <summary>Stores the bytes and returns their hash; content already stored is not written again.</summary>
    public string Put(byte[] content)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        return Contains(hash) ? hash : PutAsync(new MemoryStream(content, writable: false)).GetAwaiter().GetResult();
    }

    public bool Contains(string hash) => ContainsAsync(hash).GetAwaiter().GetResult();

    /// <exception cref="FileNotFoundException">no artifact has this hash</exception>
    public byte[] Read(string hash)
    {
        using var content = OpenReadAsync(hash).GetAwaiter().GetResult() ?? throw new FileNotFoundException($"No artifact {hash} in the artifact store ({this}).");
        using var bytes = new MemoryStream();
        content.CopyToAsync(bytes).GetAwaiter().GetResult();
        return bytes.ToArray();
    }

    public static bool IsHash(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// Reads <paramref name="content"/> to its end in pieces of <see cref="ChunkBytes"/> (the last may be shorter),
    /// hands each to <paramref name="write"/> and returns the SHA-256 of the whole: the one pass both stores make.
    /// </summary>
    protected static async Task<string> HashWhileCopying(
        Stream content, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (true)
            {
                var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, ChunkBytes), ChunkBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (filled == 0) break;
                sha256.AppendData(buffer, 0, filled);
                await write(buffer.AsMemory(0, filled), cancellationToken).ConfigureAwait(false);
                if (filled < ChunkBytes) break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexStringLower(sha256.GetHashAndReset());
    }
}
