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
/// <param name="Reported">the BF to quote: Monte-Carlo by default; the paper-compatible mode switches to AEP past 50 tokens</param>
/// <param name="EvaluationLength">output positions measured: the length limit, or in the paper-compatible mode the 95th percentile of sample lengths</param>
/// <param name="MeanOutputLength">tokens per sample, the end token included</param>
public sealed record PromptBranchingFactor(
    double MonteCarlo, double Aep, double Reported, EstimatorKind ReportedEstimator,
    int Samples, int EvaluationLength, double MeanOutputLength, IReadOnlyList<PositionWindow> Curve);

/// <summary>
/// BF of a task: the mean of its prompts' BFs, and per window the mean over the prompts whose curve reaches it
/// (its <see cref="PositionWindow.AliveAtStart"/> then sums their samples).
/// </summary>
public sealed record TaskBranchingFactor(double MonteCarlo, double Aep, double Reported, IReadOnlyList<PositionWindow> Curve, IReadOnlyList<PromptBranchingFactor> Prompts)
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
            prompts.Average(prompt => prompt.Reported), curve, prompts);
    }
}
