using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

public static class BranchingFactorEvaluation
{
    public static EvaluationCompleted Run(BranchingFactorSpec spec, int attempt, IExperimentObserver observer, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var outcome = BranchingFactorExperiment.Run(spec, observer, cancellationToken);
        var details = artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(outcome, ExperimentJson.Options));
        var estimator = spec.PaperCompatible ? "reported" : "Monte-Carlo";
        List<Curve> curves =
        [
            .. new[] { outcome.Base, outcome.Aligned, outcome.BroadSource, outcome.PreferredSource }
                .Select(model => OverPosition(model, estimator)),
        ];
        if (outcome.Nudging is { } nudging)
        {
            // Where nudges happen: the histogram itself, and as a rate (later positions have fewer samples alive).
            curves.Add(new Curve("nudges", "output position", "nudges (count)",
                [.. nudging.NudgesByPosition.Select((nudges, position) => new CurvePoint(position, nudges))]));
            curves.Add(new Curve("nudged tokens", "output position", "share of tokens nudged",
                [.. nudging.NudgesByPosition.Select((nudges, position) =>
                    new CurvePoint(position, nudging.TokensByPosition[position] == 0 ? 0 : (double)nudges / nudging.TokensByPosition[position]))]));
        }
        return new EvaluationCompleted(attempt, outcome.Metrics, [], details, curves);
    }

    /// <summary>BF over output position: each window plotted at its first position.</summary>
    private static Curve OverPosition(ModelBranchingFactor model, string estimator) =>
        new($"{model.Name} ({estimator})", "output position", "branching factor",
            [.. model.Curve.Select(window => new CurvePoint(window.Start, estimator == "Monte-Carlo" ? window.MonteCarlo : Reported(model, window)))]);

    /// <summary>The paper-compatible mode reports AEP for long outputs; its curve follows the same choice.</summary>
    private static double Reported(ModelBranchingFactor model, PositionWindow window) =>
        model.Reported == model.Aep && model.Reported != model.MonteCarlo ? window.Aep : window.MonteCarlo;
}
