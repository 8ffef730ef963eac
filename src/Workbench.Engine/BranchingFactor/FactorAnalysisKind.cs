namespace Workbench.Engine.BranchingFactor;

/// <summary>Which factor moves BF most (<see cref="FactorAnalysisExperiment"/>) as a registered kind.</summary>
public static class FactorAnalysisKind
{
    public static ExperimentKind Registration { get; } = ExperimentKind.Create<FactorAnalysisSpec>(
        "bfFactorAnalysis",
        "Branching factor: which factor moves it most",
        "A two-level factorial design over alignment, prompt length and model size: both sizes are trained as a base and " +
        "aligned pair, BF is measured in all eight cells, and each factor's impact is reported as the paper's Pareto analysis " +
        "computes it (percent of the summed differences in BF between levels) and, beside it, as its share of the effects on ln BF.",
        [
            new("alignmentParetoImpact", "Alignment's impact (%)", null, "0.0", "the reference's Pareto impact: |mean ebf_perplexity aligned − base| as a percentage of the factors' sum", Headline: true),
            new("promptLengthParetoImpact", "Prompt length's impact (%)", null, "0.0", "the reference's Pareto impact of prompt length (the paper's constraint level)"),
            new("modelSizeParetoImpact", "Model size's impact (%)", null, "0.0", "the reference's Pareto impact of model size"),
            new("alignmentImpact", "Alignment's share of the effects on ln BF", null, "0.000", "ours: share of the summed |main effect on ln BF|"),
            new("promptLengthImpact", "Prompt length's share of the effects on ln BF", null, "0.000", "ours: share of the summed |main effect on ln BF|"),
            new("modelSizeImpact", "Model size's share of the effects on ln BF", null, "0.000", "ours: share of the summed |main effect on ln BF|"),
            new("alignmentBfRatio", "BF ratio, aligned / base", null, "0.000", "geometric-mean BF ratio between the factor's levels"),
            new("promptLengthBfRatio", "BF ratio, long / short prompts", null, "0.000", "geometric-mean BF ratio between the factor's levels"),
            new("modelSizeBfRatio", "BF ratio, large / small model", null, "0.000", "geometric-mean BF ratio between the factor's levels"),
            new("smallFineTuningLoss", "Small model's fine-tuning loss", false, "0.0000", "at the last fine-tuning step"),
            new("largeFineTuningLoss", "Large model's fine-tuning loss", false, "0.0000", "at the last fine-tuning step"),
        ],
        [
            new CurveDefinition("factor", "impact (%)", "each factor's Pareto impact as the reference computes it"),
            new CurveDefinition("factor", "normalised impact", "each factor's share of the summed |effect on ln BF|"),
            new CurveDefinition("output position", "branching factor", "base and aligned with short and long prompts (the large model)"),
        ],
        Run);

    /// <summary>Its metrics; the factors' impacts, the reference's and ours, each as one series (the run page plots over a numeric
    /// axis, so the factors are numbered in the curve's name); and BF over output position for the large model's cells.</summary>
    private static ExperimentResult Run(FactorAnalysisSpec spec, ExperimentContext context)
    {
        var outcome = FactorAnalysisExperiment.Run(spec, context.Observer, context.Cancellation);
        var legend = string.Join(", ", outcome.Effects.Select((effect, index) => $"{index + 1} {effect.Factor}"));
        var paretoLegend = string.Join(", ", outcome.ParetoImpacts.Select((impact, index) => $"{index + 1} {impact.Factor}"));
        List<Curve> curves =
        [
            new($"Pareto impact, % ({paretoLegend})", "factor", "impact (%)",
                [.. outcome.ParetoImpacts.Select((impact, index) => new CurvePoint(index + 1, impact.Percent))]),
            new($"normalised impact ({legend})", "factor", "share of the summed |effect on ln BF|",
                [.. outcome.Effects.Select((effect, index) => new CurvePoint(index + 1, effect.NormalisedImpact))]),
            .. outcome.Cells.Where(cell => cell.LargeModel).Select(cell =>
                new Curve(cell.BranchingFactor.Name, "output position", "branching factor (Monte-Carlo)",
                    [.. cell.BranchingFactor.Curve.Select(window => new CurvePoint(window.Start, window.MonteCarlo))])),
        ];
        return new ExperimentResult(outcome.Metrics, curves, [], outcome);
    }
}
