namespace Workbench.Engine.Generation;

/// <summary>What <see cref="GenerationEngine"/> writes after each prompt, and how.</summary>
/// <param name="MaxNewTokens">tokens written per prompt at most, the end token included</param>
/// <param name="Decoding">how each token is chosen</param>
/// <param name="EndTokens">a row is finished once it writes one of these (kept as its last token); empty: every row
/// writes <paramref name="MaxNewTokens"/> tokens</param>
/// <param name="Measure">record, at every step, the entropy and ln P~ of the token written, in float64 (the
/// branching-factor estimators' inputs)</param>
/// <param name="MaxBatch">rows decoded together at most; more prompts go in several batches</param>
/// <param name="ReuseCache">false: re-read every whole sequence at every step instead of reading each token once
/// through the key-value cache — the slow reference that tests and benchmarks compare with</param>
public sealed record GenerationOptions(
    int MaxNewTokens, Decoding Decoding, IReadOnlyList<int> EndTokens, bool Measure = false, int MaxBatch = 1024, bool ReuseCache = true);
