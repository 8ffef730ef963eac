namespace Workbench.Engine.BranchingFactor;

/// <summary>One cell of the factorial design: a model, a prompt set, and the BF measured there.</summary>
public sealed record FactorCell(bool Aligned, bool LongPrompt, bool LargeModel, ModelBranchingFactor BranchingFactor);

/// <summary>
/// A factor's effect on BF. BF is a multiplicative quantity (the paper speaks of 2–5× drops), so effects are on ln BF.
/// </summary>
/// <param name="Factor">"alignment", "promptLength" or "modelSize"</param>
/// <param name="LogEffect">mean ln BF at the factor's second level (aligned, long prompts, large model) minus at its first;
/// exp of it is the geometric-mean BF ratio</param>
/// <param name="NormalisedImpact">|LogEffect| as a share of the three factors' |LogEffect| summed: the impacts add up to 1</param>
public sealed record FactorEffect(string Factor, double LogEffect, double NormalisedImpact);

/// <summary>
/// The result of a factor-analysis run. <see cref="Metrics"/> holds per factor the reference's Pareto impact in percent
/// ("alignmentParetoImpact", "promptLengthParetoImpact", "modelSizeParetoImpact"), our share of the effect on ln BF
/// ("alignmentImpact" …) and BF ratio ("alignmentBfRatio": aligned over base), and every cell's BF ("bfAlignedShortLarge")
/// and ebf_perplexity ("ebfPerplexityAlignedShortLarge").
/// </summary>
public sealed record FactorAnalysisOutcome(IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<FactorEffect> Effects,
    IReadOnlyList<FactorImpact> ParetoImpacts, IReadOnlyList<FactorCell> Cells);
