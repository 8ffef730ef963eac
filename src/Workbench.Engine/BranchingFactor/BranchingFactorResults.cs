namespace Workbench.Engine.BranchingFactor;

/// <summary>Which estimate a reported BF is (branching-factor.md, "Two estimators").</summary>
public enum EstimatorKind { MonteCarlo, Aep }

/// <summary>BF over a window of output positions [Start, End) (0 is the first output token).</summary>
/// <param name="AliveAtStart">samples still being written at <paramref name="Start"/></param>
/// <param name="MonteCarlo">exp of the mean over the window's positions of the mean entropy at each position</param>
/// <param name="Aep">exp of the mean over the window's positions of the mean surprisal −ln P~(y_t) at each position</param>
public sealed record PositionWindow(int Start, int End, int AliveAtStart, double MonteCarlo, double Aep);

/// <summary>BF of one prompt.</summary>
/// <param name="MonteCarlo">BF_MC = exp(mean over samples of each sample's mean entropy)</param>
/// <param name="Aep">BF_AEP = exp(mean over samples of −ln P~(y|x) / |y|)</param>
/// <param name="EbfPerplexity">the reference code's <c>ebf_perplexity</c>, the quantity its figures plot: the mean over
/// samples of exp(the sample's mean entropy); at least <paramref name="MonteCarlo"/> (Jensen), equal when every sample's
/// mean entropy is the same</param>
/// <param name="Reported">the BF to quote: Monte-Carlo by default; the paper-compatible mode's choice of its two branches</param>
/// <param name="EvaluationLength">output positions measured: the length limit, or in the paper-compatible mode the positions
/// its profile kept (up to the 95th percentile of sample lengths, ending where at most 3 samples are alive)</param>
/// <param name="MeanOutputLength">tokens per sample, the end token included</param>
/// <remarks>In the paper-compatible mode <paramref name="MonteCarlo"/> and <paramref name="Aep"/> are the reference's entropy
/// and NLL branches (<see cref="ReferenceBranchingFactor"/>).</remarks>
public sealed record PromptBranchingFactor(
    double MonteCarlo, double Aep, double EbfPerplexity, double Reported, EstimatorKind ReportedEstimator,
    int Samples, int EvaluationLength, double MeanOutputLength, IReadOnlyList<PositionWindow> Curve);

/// <summary>
/// BF of a task: the mean of its prompts' BFs, and per window the mean over the prompts whose curve reaches it
/// (its <see cref="PositionWindow.AliveAtStart"/> then sums their samples).
/// </summary>
public sealed record TaskBranchingFactor(double MonteCarlo, double Aep, double EbfPerplexity, double Reported, IReadOnlyList<PositionWindow> Curve, IReadOnlyList<PromptBranchingFactor> Prompts)
{
    public static TaskBranchingFactor Of(IReadOnlyList<PromptBranchingFactor> prompts)
    {
        if (prompts.Count == 0) throw new ArgumentException("A task needs at least one prompt.", nameof(prompts));
        var curve = prompts.SelectMany(prompt => prompt.Curve)
            .GroupBy(window => window.Start)
            .OrderBy(group => group.Key)
            .Select(group => new PositionWindow(group.Key, group.Max(window => window.End), group.Sum(window => window.AliveAtStart),
                group.Average(window => window.MonteCarlo), group.Average(window => window.Aep)))
            .ToList();
        return new TaskBranchingFactor(prompts.Average(prompt => prompt.MonteCarlo), prompts.Average(prompt => prompt.Aep),
            prompts.Average(prompt => prompt.EbfPerplexity), prompts.Average(prompt => prompt.Reported), curve, prompts);
    }
}
