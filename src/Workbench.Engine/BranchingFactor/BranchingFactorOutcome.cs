namespace Workbench.Engine.BranchingFactor;

/// <summary>What was measured of one model (or source) over the experiment's prompts.</summary>
/// <param name="Name">"base", "aligned", "broadSource" or "preferredSource"</param>
/// <param name="MonteCarlo">task BF by the Monte-Carlo entropy estimator: the mean of the prompts' BFs</param>
/// <param name="Aep">task BF by the AEP / NLL estimator</param>
/// <param name="EbfPerplexity">the reference code's <c>ebf_perplexity</c> (<see cref="PromptBranchingFactor.EbfPerplexity"/>), mean of the prompts'</param>
/// <param name="Reported">the BF to quote: <paramref name="MonteCarlo"/>, or in the paper-compatible mode the estimator it chose</param>
/// <param name="MeanOutputLength">tokens per output, the end token included</param>
/// <param name="Curve">BF over output position, windows where enough samples are alive, averaged over prompts</param>
/// <param name="PerPrompt">each prompt's reported BF, in prompt order (their mean is <paramref name="Reported"/>)</param>
public sealed record ModelBranchingFactor(string Name, double MonteCarlo, double Aep, double EbfPerplexity, double Reported, double MeanOutputLength,
    IReadOnlyList<PositionWindow> Curve, IReadOnlyList<double> PerPrompt)
{
    public static ModelBranchingFactor Of(string name, TaskBranchingFactor task) =>
        new(name, task.MonteCarlo, task.Aep, task.EbfPerplexity, task.Reported, task.Prompts.Average(prompt => prompt.MeanOutputLength), task.Curve,
            [.. task.Prompts.Select(prompt => prompt.Reported)]);

    /// <summary>BF over output position as a curve, each window plotted at its first position.</summary>
    /// <param name="estimator">"Monte-Carlo", or "reported": the paper-compatible mode reports AEP for long outputs and its curve follows the same choice</param>
    public Curve OverPosition(string estimator) =>
        new($"{Name} ({estimator})", "output position", "branching factor",
            [.. Curve.Select(window => new CurvePoint(window.Start,
                estimator == "Monte-Carlo" || !(Reported == Aep && Reported != MonteCarlo) ? window.MonteCarlo : window.Aep))]);
}

/// <summary>Nudging measured: BF of the base model decoding with the aligned model writing its uncertain tokens.</summary>
/// <param name="NudgedFraction">share of all sampled tokens the aligned model wrote</param>
/// <param name="NudgesByPosition">histogram of nudges over output position (0 is the first output token)</param>
/// <param name="TokensByPosition">tokens sampled at each output position, to turn the histogram into rates</param>
public sealed record NudgingOutcome(double Threshold, ModelBranchingFactor BranchingFactor, double NudgedFraction,
    IReadOnlyList<int> NudgesByPosition, IReadOnlyList<int> TokensByPosition);

/// <summary>
/// The result of a base-vs-aligned run. <see cref="Metrics"/> holds the headline numbers under stable
/// camelCase names (e.g. "baseBf", "alignedBf", "bfRatio"); the records hold the curves.
/// </summary>
/// <param name="BroadSource">the broad language itself, measured the same way: what a perfect base model would show</param>
/// <param name="PreferredSource">the preferred subset itself: what a perfect aligned model would show (the
/// generated subset's source, also when a preferred corpus of one's own was trained on)</param>
/// <param name="Nudging">null when the spec's nudge threshold is 0</param>
public sealed record BranchingFactorOutcome(
    IReadOnlyDictionary<string, double> Metrics,
    ModelBranchingFactor Base,
    ModelBranchingFactor Aligned,
    ModelBranchingFactor BroadSource,
    ModelBranchingFactor PreferredSource,
    NudgingOutcome? Nudging,
    double FinalPretrainingLoss,
    double FinalFineTuningLoss);
