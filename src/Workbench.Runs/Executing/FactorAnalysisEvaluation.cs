using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

/// <summary>
/// A factor-analysis run as an evaluation: its metrics; the factors' normalised impacts as one series (the run page
/// plots series over a numeric axis, so the factors are numbered in the curve's name); and BF over output position
/// for base and aligned with short and long prompts (the large model), where prompt length sets the curve's start.
/// </summary>
public static class FactorAnalysisEvaluation
{
    public static EvaluationCompleted Run(FactorAnalysisSpec spec, int attempt, IExperimentObserver observer, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var outcome = FactorAnalysisExperiment.Run(spec, observer, cancellationToken);
        var details = artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(outcome, ExperimentJson.Options));
        var legend = string.Join(", ", outcome.Effects.Select((effect, index) => $"{index + 1} {effect.Factor}"));
        List<Curve> curves =
        [
            new($"normalised impact ({legend})", "factor", "share of the summed |effect on ln BF|",
                [.. outcome.Effects.Select((effect, index) => new CurvePoint(index + 1, effect.NormalisedImpact))]),
            .. outcome.Cells.Where(cell => cell.LargeModel).Select(cell =>
                new Curve(cell.BranchingFactor.Name, "output position", "branching factor (Monte-Carlo)",
                    [.. cell.BranchingFactor.Curve.Select(window => new CurvePoint(window.Start, window.MonteCarlo))])),
        ];
        return new EvaluationCompleted(attempt, outcome.Metrics, [], details, curves);
    }
}
