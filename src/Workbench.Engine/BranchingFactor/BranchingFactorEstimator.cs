using Workbench.Engine.Generation;

namespace Workbench.Engine.BranchingFactor;

/// <summary>How BF is estimated from samples (branching-factor.md).</summary>
/// <param name="Samples">outputs drawn per prompt (M)</param>
/// <param name="MaxOutputLength">tokens per output at most, the end token included</param>
/// <param name="WindowSize">output positions per window of the BF-over-position curve</param>
/// <param name="MinAliveSamples">a position enters the curve only if at least this many samples are still being written there</param>
/// <param name="PaperCompatible">the reference code's variant: top-k capped at 50, outputs measured up to the 95th
/// percentile of sample lengths, and the AEP estimator reported once that length exceeds 50 tokens</param>
public sealed record BranchingFactorOptions(
    DecodingSettings Decoding, int Samples = 50, int MaxOutputLength = 32, int WindowSize = 5, int MinAliveSamples = 10, bool PaperCompatible = false);

/// <summary>
/// Estimates BF = exp(H̄) of a model's outputs for a prompt by the two estimators of branching-factor.md:
/// Monte-Carlo entropy (each sample's per-position entropies averaged along its own length, then averaged over
/// samples) and AEP (each sample's −ln P~(y|x)/|y|, averaged over samples).
/// </summary>
public static class BranchingFactorEstimator
{
    /// <summary>The reference code caps top-k at this and switches to the AEP estimator past this many tokens.</summary>
    public const int PaperLimit = 50;

    /// <summary>Draws <see cref="BranchingFactorOptions.Samples"/> outputs and estimates from them.</summary>
    public static PromptBranchingFactor Estimate(INextTokenModel model, int[] prompt, BranchingFactorOptions options, Random random)
    {
        var outputs = OutputSampler.Sample(model, prompt, EffectiveDecoding(options), options.Samples, options.MaxOutputLength, random);
        return FromSamples(outputs, options);
    }

    /// <summary>The same for every prompt; the task's BF is the mean of the prompts' BFs.</summary>
    public static TaskBranchingFactor EstimateTask(INextTokenModel model, IReadOnlyList<int[]> prompts, BranchingFactorOptions options, Random random) =>
        TaskBranchingFactor.Of([.. prompts.Select(prompt => Estimate(model, prompt, options, random))]);

    /// <summary>The decoding the samples are drawn with: the paper-compatible mode caps top-k at 50.</summary>
    public static DecodingSettings EffectiveDecoding(BranchingFactorOptions options) =>
        options.PaperCompatible
            ? options.Decoding with { TopK = options.Decoding.TopK is > 0 and < PaperLimit ? options.Decoding.TopK : PaperLimit }
            : options.Decoding;

    /// <summary>Both estimates and the curve from outputs already drawn.</summary>
    public static PromptBranchingFactor FromSamples(IReadOnlyList<SampledOutput> outputs, BranchingFactorOptions options)
    {
        if (outputs.Count == 0) throw new ArgumentException("There are no samples.", nameof(outputs));
        var evaluationLength = options.PaperCompatible ? Percentile95(outputs.Select(output => output.Length)) : options.MaxOutputLength;
        var measured = options.PaperCompatible ? [.. outputs.Select(output => Truncate(output, evaluationLength))] : outputs;

        var monteCarlo = Math.Exp(measured.Average(output => output.MeanEntropy));
        var aep = Math.Exp(measured.Average(output => output.MeanSurprisal));
        var reported = options.PaperCompatible && evaluationLength > PaperLimit ? EstimatorKind.Aep : EstimatorKind.MonteCarlo;
        return new PromptBranchingFactor(monteCarlo, aep, reported == EstimatorKind.Aep ? aep : monteCarlo, reported,
            outputs.Count, evaluationLength, outputs.Average(output => output.Length), Curve(measured, options.WindowSize, options.MinAliveSamples));
    }

    /// <summary>
    /// BF over output position: per position, the mean entropy and mean surprisal over the samples alive there;
    /// positions with fewer than <paramref name="minAlive"/> samples are left out; each window averages its positions.
    /// </summary>
    public static IReadOnlyList<PositionWindow> Curve(IReadOnlyList<SampledOutput> outputs, int windowSize, int minAlive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        var windows = new List<PositionWindow>();
        var longest = outputs.Max(output => output.Length);
        for (var start = 0; start < longest; start += windowSize)
        {
            var (entropy, surprisal, positions, end) = (0.0, 0.0, 0, start);
            for (var t = start; t < Math.Min(start + windowSize, longest); t++)
            {
                var alive = outputs.Where(output => output.Length > t).ToList();
                if (alive.Count < minAlive) break; // fewer samples reach any later position
                entropy += alive.Average(output => output.Entropies[t]);
                surprisal += alive.Average(output => -output.LogProbabilities[t]);
                positions++;
                end = t + 1;
            }
            if (positions == 0) break;
            windows.Add(new PositionWindow(start, end, outputs.Count(output => output.Length > start),
                Math.Exp(entropy / positions), Math.Exp(surprisal / positions)));
        }
        return windows;
    }

    /// <summary>The nearest-rank 95th percentile.</summary>
    private static int Percentile95(IEnumerable<int> lengths)
    {
        var sorted = lengths.Order().ToArray();
        return sorted[(int)Math.Ceiling(0.95 * sorted.Length) - 1];
    }

    private static SampledOutput Truncate(SampledOutput output, int length) =>
        output.Length <= length ? output : new SampledOutput(output.Tokens[..length], output.Entropies[..length], output.LogProbabilities[..length]);
}
