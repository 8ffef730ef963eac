namespace Workbench.Integration.Tests.Artifacts;

/// <summary>
/// Live managed memory, sampled while content streams: the highest value seen above where it started.
/// Tests using it run alone (<see cref="AloneCollection"/>), so nothing else allocates meanwhile.
/// </summary>
public sealed class BoundedMemory
{
    private readonly long baseline = GC.GetTotalMemory(forceFullCollection: true);

    public long PeakGrowth { get; private set; }

    public void Sample() => PeakGrowth = Math.Max(PeakGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
}

/// <summary>Content made up as it is read (seeded, so two reads give the same bytes), sampling memory every 16 MiB.</summary>
public sealed class GeneratedContent(long length, int seed, BoundedMemory memory) : Stream
{
    private const long SampleEvery = 16 * 1024 * 1024;

    private readonly Random random = new(seed);
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - position);
        random.NextBytes(buffer[..count]);
        if ((position + count) / SampleEvery != position / SampleEvery) memory.Sample();
        position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

