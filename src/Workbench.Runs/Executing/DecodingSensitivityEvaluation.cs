using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

/// <summary>A decoding-sensitivity run as an evaluation: its metrics, and accuracy, validity and BF over temperature and over top-p per model.</summary>
public static class DecodingSensitivityEvaluation
{
    public static EvaluationCompleted Run(DecodingSensitivitySpec spec, int attempt, IExperimentObserver observer, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var outcome = DecodingSensitivityExperiment.Run(spec, observer, cancellationToken);
        var details = artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(outcome, ExperimentJson.Options));
        (string Y, Func<DecodingQuality, double> Value)[] measures =
        [
            ("accuracy (keeps to the preferred subset)", quality => quality.Accuracy),
            ("validity (a sentence of the broad language)", quality => quality.Validity),
            ("branching factor", quality => quality.BranchingFactor),
        ];
        List<Curve> curves = [];
        foreach (var (y, value) in measures)
            foreach (var model in new[] { "base", "aligned" })
            {
                var measured = outcome.Settings.Where(quality => quality.Model == model).ToList();
                curves.Add(new Curve(model, "temperature (top-p 1)", y,
                    [.. measured.Where(quality => quality.Settings.TopP == 1).OrderBy(quality => quality.Settings.Temperature)
                        .Select(quality => new CurvePoint(quality.Settings.Temperature, value(quality)))]));
                curves.Add(new Curve(model, "top-p (temperature 1)", y,
                    [.. measured.Where(quality => quality.Settings.Temperature == 1).OrderBy(quality => quality.Settings.TopP)
                        .Select(quality => new CurvePoint(quality.Settings.TopP, value(quality)))]));
            }
        return new EvaluationCompleted(attempt, outcome.Metrics, [], details, curves);
    }
}
