namespace Workbench.Engine.Tokens;

/// <summary>
/// Seed-conditioning (algorithmic-creativity.md, "Randomness and decoding"): random prefixes of
/// <see cref="Length"/> tokens, drawn uniformly with replacement from the reserved prefix tokens: one for
/// every training sequence (kept for the run, see <see cref="Training.TrainingBatches"/>) and a new one for
/// every evaluation sample. The prefix follows the prompt and is context only: it is never scored. Draws
/// come from one seeded <see cref="Random"/>, so they repeat with the seed.
/// </summary>
public sealed class SeedPrefixes
{
    private readonly int firstToken;
    private readonly int tokens;
    private readonly Random random;

    /// <param name="length">tokens per prefix; 0 turns seed-conditioning off (every prefix is empty)</param>
    /// <param name="firstToken">the first reserved prefix token's id (<see cref="ModelTokens.FirstPrefix"/>)</param>
    /// <param name="tokens">how many prefix tokens there are</param>
    public SeedPrefixes(int length, int firstToken, int tokens, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > 0) ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        Length = length;
        this.firstToken = firstToken;
        this.tokens = tokens;
        random = new Random(seed);
    }

    /// <summary>No prefixes at all.</summary>
    public static SeedPrefixes None { get; } = new(0, 0, 0, 0);

    public int Length { get; }

    /// <summary>The next prefix: <see cref="Length"/> token ids.</summary>
    public int[] Next()
    {
        var prefix = new int[Length];
        for (var i = 0; i < Length; i++) prefix[i] = firstToken + random.Next(tokens);
        return prefix;
    }

    /// <summary><paramref name="prompt"/> followed by the next prefix.</summary>
    public int[] After(int[] prompt) => Length == 0 ? prompt : [.. prompt, .. Next()];
}
