using System.Text.Json;
using Marten;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

/// <summary>
/// BF of another run's checkpoint: look the source run up, check it is a finished branching-factor run holding the
/// checkpoint, read the weights from the artifact store, and let the engine measure them. A source that does not
/// qualify fails the run with a message saying why.
/// </summary>
public static class CheckpointBranchingFactorEvaluation
{
    public static EvaluationCompleted Run(CheckpointBranchingFactorSpec spec, int attempt, IExperimentObserver observer,
        IDocumentStore store, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var (source, weights) = LoadSource(spec, store, artifacts, cancellationToken);
        var outcome = CheckpointBranchingFactorExperiment.Run(spec, source, weights, observer, cancellationToken);
        var details = artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(outcome, ExperimentJson.Options));
        List<Curve> curves =
        [
            .. new[] { outcome.Checkpoint, outcome.BroadSource, outcome.PreferredSource }.Select(model =>
                new Curve($"{model.Name} (Monte-Carlo)", "output position", "branching factor",
                    [.. model.Curve.Select(window => new CurvePoint(window.Start, window.MonteCarlo))])),
        ];
        return new EvaluationCompleted(attempt, outcome.Metrics, [], details, curves);
    }

    /// <exception cref="InvalidOperationException">the source run is missing, unfinished, of another kind, or lacks the checkpoint</exception>
    private static (AlignedPairSpec Source, byte[] Weights) LoadSource(CheckpointBranchingFactorSpec spec, IDocumentStore store, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        using var session = store.QuerySession();
        // The job owns this thread and the engine is synchronous; Hangfire's worker threads have no synchronisation context.
        var source = session.LoadAsync<Run>(spec.SourceRunId, cancellationToken).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"There is no run {spec.SourceRunId}.");
        if (source.Spec is not AlignedPairSpec sourceSpec)
            throw new InvalidOperationException($"Run {source.Id} is a {source.Title} run; only branching-factor runs have checkpoints on its language.");
        if (source.Status != RunStatus.Succeeded)
            throw new InvalidOperationException($"Run {source.Id} is {source.Status}; its checkpoints are final only once it has succeeded.");
        if (!source.Checkpoints.TryGetValue(spec.Model!.Trim(), out var artifact))
            throw new InvalidOperationException($"Run {source.Id} has no checkpoint '{spec.Model}'; it has {string.Join(", ", source.Checkpoints.Keys.Order())}.");
        if (!artifacts.Contains(artifact))
            throw new InvalidOperationException($"The weights of '{spec.Model}' ({artifact}) are not in this artifact store.");
        return (sourceSpec, artifacts.Read(artifact));
    }
}
