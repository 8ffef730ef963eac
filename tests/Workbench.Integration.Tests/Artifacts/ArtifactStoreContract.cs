using System.Security.Cryptography;
using Workbench.Runs.Artifacts;

namespace Workbench.Integration.Tests.Artifacts;

/// <summary>What every artifact store does, whichever place it keeps artifacts in: each store's tests derive from this.</summary>
public abstract class ArtifactStoreContract : IAsyncLifetime
{
    protected ArtifactStore Store { get; private set; } = null!;

    protected abstract Task<ArtifactStore> Create();

    /// <summary>How many pieces of content (files, rows) the store holds, finished or not.</summary>
    protected abstract Task<long> StoredPieces();

    public async Task InitializeAsync() => Store = await Create();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_artifact_is_named_by_the_sha256_of_its_content_and_reads_back_whole()
    {
        var content = RandomNumberGenerator.GetBytes(3 * ArtifactStore.ChunkBytes + 17);

        var hash = Store.Put(content);
        await using var read = await Store.OpenReadAsync(hash);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), hash);
        Assert.True(Store.Contains(hash));
        Assert.Equal(content, Store.Read(hash));
        Assert.Equal(content.Length, read!.Length);
    }

    [Fact]
    public async Task Equal_content_is_one_artifact_whether_put_as_bytes_or_streamed_and_at_once_by_many()
    {
        var content = RandomNumberGenerator.GetBytes(ArtifactStore.ChunkBytes + 1);

        var hashes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Store.PutAsync(new MemoryStream(content)))));

        Assert.Single(hashes.Append(Store.Put(content)).Distinct());
        Assert.Equal(content, Store.Read(hashes[0]));
    }

    [Fact]
    public async Task Empty_content_is_an_artifact_too()
    {
        var hash = await Store.PutAsync(new MemoryStream());

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), hash);
        Assert.Empty(Store.Read(hash));
    }

    [Fact]
    public async Task A_write_that_breaks_off_leaves_nothing_behind()
    {
        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(new BrokenContent()));

        Assert.Equal(0, await StoredPieces());
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    public async Task An_unknown_or_malformed_hash_names_no_artifact(string hash)
    {
        Assert.False(Store.Contains(hash));
        Assert.Null(await Store.OpenReadAsync(hash));
        Assert.Throws<FileNotFoundException>(() => Store.Read(hash));
    }

    [Fact]
    public async Task A_read_can_start_anywhere_in_the_content()
    {
        var content = RandomNumberGenerator.GetBytes(2 * ArtifactStore.ChunkBytes + 5);
        var hash = Store.Put(content);
        await using var read = (await Store.OpenReadAsync(hash))!;

        read.Seek(ArtifactStore.ChunkBytes - 2, SeekOrigin.Begin);
        var piece = new byte[10];
        await read.ReadExactlyAsync(piece);

        Assert.Equal(content.AsSpan(ArtifactStore.ChunkBytes - 2, 10).ToArray(), piece);
    }

    /// <summary>Far more than a store may hold in memory at once: a store that buffered the whole artifact would exceed the bound.</summary>
    private const long LargeArtifactBytes = 128L * 1024 * 1024;

    private const long MemoryBound = 32L * 1024 * 1024;

    [Fact]
    public async Task A_large_artifact_streams_in_and_out_without_being_held_in_memory()
    {
        var memory = new BoundedMemory();
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var actual = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var copy = new GeneratedContent(LargeArtifactBytes, seed: 5, memory))
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await copy.ReadAsync(buffer)) > 0) expected.AppendData(buffer, 0, read);
        }

        var hash = await Store.PutAsync(new GeneratedContent(LargeArtifactBytes, seed: 5, memory));
        var written = memory.PeakGrowth;
        long length = 0;
        await using (var content = (await Store.OpenReadAsync(hash))!)
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await content.ReadAsync(buffer)) > 0)
            {
                actual.AppendData(buffer, 0, read);
                if ((length + read) / (16 * 1024 * 1024) != length / (16 * 1024 * 1024)) memory.Sample();
                length += read;
            }
        }

        Assert.Equal(Convert.ToHexStringLower(expected.GetHashAndReset()), hash);
        Assert.Equal(hash, Convert.ToHexStringLower(actual.GetHashAndReset()));
        Assert.Equal(LargeArtifactBytes, length);
        Assert.True(written < MemoryBound, $"writing held {written / 1024 / 1024} MiB more at its peak");
        Assert.True(memory.PeakGrowth < MemoryBound, $"reading held {memory.PeakGrowth / 1024 / 1024} MiB more at its peak");
    }

    /// <summary>An upload that fails after its first chunk.</summary>
    private sealed class BrokenContent() : MemoryStream(new byte[ArtifactStore.ChunkBytes * 2])
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position > 0 ? throw new IOException("the upload broke off") : base.ReadAsync(buffer, cancellationToken);
    }
}
