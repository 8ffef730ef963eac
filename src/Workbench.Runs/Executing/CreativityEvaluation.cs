using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

public static class CreativityEvaluation
{
    /// <summary>Generations shown on the run page; every one is in the details artifact.</summary>
    private const int ExamplesShown = 12;

    public static EvaluationCompleted Run(CreativitySpec spec, int attempt, IExperimentObserver observer, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var outcome = CreativityExperiment.Run(spec, observer, cancellationToken);
        var metrics = new Dictionary<string, double>(MetricsOf(outcome.Metrics)) { ["finalLoss"] = outcome.FinalLoss };
        var details = artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(outcome.Samples, ExperimentJson.Options));
        return new EvaluationCompleted(attempt, metrics, [.. outcome.Samples.Take(ExamplesShown)], details);
    }

    public static IReadOnlyDictionary<string, double> MetricsOf(CreativityMetrics metrics) => new Dictionary<string, double>
    {
        ["creativity"] = metrics.CreativityScore,
        ["memorization"] = metrics.MemorizationRate,
        ["coherence"] = metrics.CoherenceRate,
        ["uniqueness"] = metrics.UniquenessRate,
        ["generated"] = metrics.Generated,
    };
}
