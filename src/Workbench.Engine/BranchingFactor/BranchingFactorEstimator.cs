using Workbench.Engine.Generation;

namespace Workbench.Engine.BranchingFactor;

/// <summary>How BF is estimated from samples (branching-factor.md).</summary>
/// <param name="Samples">outputs drawn per prompt (M)</param>
/// <param name="MaxOutputLength">tokens per output at most, the end token included</param>
/// <param name="WindowSize">output positions per window of the BF-over-position curve</param>
/// <param name="MinAliveSamples">a position enters the curve only if at least this many samples are still being written there</param>
/// <param name="PaperCompatible">the reference code's computation (<see cref="ReferenceBranchingFactor"/>) instead of the plain estimators</param>
public sealed record BranchingFactorOptions(
    DecodingSettings Decoding, int Samples = 50, int MaxOutputLength = 32, int WindowSize = 5, int MinAliveSamples = 10, bool PaperCompatible = false);

/// <summary>
/// Estimates BF = exp(H̄) of a model's outputs for a prompt by the two estimators of branching-factor.md:
/// Monte-Carlo entropy (each sample's per-position entropies averaged along its own length, then averaged over
/// samples) and AEP (each sample's −ln P~(y|x)/|y|, averaged over samples); or, in the paper-compatible mode, as the
/// authors' code does (<see cref="ReferenceBranchingFactor"/>).
/// </summary>
public static class BranchingFactorEstimator
{
    /// <summary>Draws <see cref="BranchingFactorOptions.Samples"/> outputs and estimates from them.</summary>
    /// <param name="scorer">the model the paper-compatible mode re-reads the samples with: <paramref name="model"/> unless that
    /// one counts what it is asked (nudging), in which case an uncounted copy</param>
    public static PromptBranchingFactor Estimate(INextTokenModel model, int[] prompt, BranchingFactorOptions options, Random random, INextTokenModel? scorer = null)
    {
        var outputs = OutputSampler.Sample(model, prompt, options.Decoding, options.Samples, options.MaxOutputLength, random);
        return options.PaperCompatible
            ? ReferenceBranchingFactor.Estimate(ReferenceBranchingFactor.Rescore(scorer ?? model, prompt, outputs, options.Decoding), options.WindowSize, options.MinAliveSamples)
            : FromSamples(outputs, options);
    }

    /// <summary>The same for every prompt; the task's BF is the mean of the prompts' BFs.</summary>
    public static TaskBranchingFactor EstimateTask(INextTokenModel model, IReadOnlyList<int[]> prompts, BranchingFactorOptions options, Random random) =>
        TaskBranchingFactor.Of([.. prompts.Select(prompt => Estimate(model, prompt, options, random))]);

    /// <summary>The plain estimators and the curve from outputs already drawn (the paper-compatible mode re-reads them: <see cref="Estimate"/>).</summary>
    public static PromptBranchingFactor FromSamples(IReadOnlyList<SampledOutput> outputs, BranchingFactorOptions options)
    {
        if (outputs.Count == 0) throw new ArgumentException("There are no samples.", nameof(outputs));
        if (options.PaperCompatible) throw new ArgumentException("The paper-compatible estimators re-read the samples through the model: use Estimate.", nameof(options));
        var monteCarlo = Math.Exp(outputs.Average(output => output.MeanEntropy));
        var aep = Math.Exp(outputs.Average(output => output.MeanSurprisal));
        return new PromptBranchingFactor(monteCarlo, aep, ReferenceBranchingFactor.EbfPerplexity(outputs), monteCarlo, EstimatorKind.MonteCarlo,
            outputs.Count, options.MaxOutputLength, outputs.Average(output => output.Length), Curve(outputs, options.WindowSize, options.MinAliveSamples));
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
}
