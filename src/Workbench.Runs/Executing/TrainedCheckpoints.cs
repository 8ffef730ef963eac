using Marten;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

/// <summary>
/// A checkpoint another run trained: look the run up, check it is a finished branching-factor run holding the
/// checkpoint, and read the weights from the artifact store. A source that does not qualify says why.
/// </summary>
public static class TrainedCheckpoints
{
    /// <exception cref="InputUnavailableException">the source run is missing, unfinished, of another kind, or lacks the checkpoint</exception>
    public static TrainedCheckpoint Load(TrainedCheckpointInput input, IDocumentStore store, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        using var session = store.QuerySession();
        // The job owns this thread and the engine is synchronous; Hangfire's worker threads have no synchronisation context.
        var source = session.LoadAsync<Run>(input.SourceRun, cancellationToken).GetAwaiter().GetResult()
            ?? throw new InputUnavailableException(input, $"there is no run {input.SourceRun}");
        if (source.Spec is not AlignedPairSpec sourceSpec)
            throw new InputUnavailableException(input, $"run {source.Id} is a {source.Title} run; only branching-factor runs have checkpoints on its language");
        if (source.Status != RunStatus.Succeeded)
            throw new InputUnavailableException(input, $"run {source.Id} is {source.Status}; its checkpoints are final only once it has succeeded");
        if (!source.Checkpoints.TryGetValue(input.Model, out var artifact))
            throw new InputUnavailableException(input, $"run {source.Id} has no checkpoint '{input.Model}'; it has {string.Join(", ", source.Checkpoints.Keys.Order())}");
        if (!artifacts.Contains(artifact))
            throw new InputUnavailableException(input, $"the weights of '{input.Model}' ({artifact}) are not in this artifact store");
        return new TrainedCheckpoint(sourceSpec, artifacts.Read(artifact));
    }

    /// <summary>
    /// What rules the input out for good at submit time: no such run, not a branching-factor run, or finished without
    /// the checkpoint. A source still running may yet succeed, so it is allowed.
    /// </summary>
    public static async Task<string?> Problem(TrainedCheckpointInput input, IQuerySession session, CancellationToken cancellationToken)
    {
        var source = await session.LoadAsync<Run>(input.SourceRun, cancellationToken);
        return source is null ? $"there is no run {input.SourceRun}"
            : source.Spec is not AlignedPairSpec ? $"run {source.Id} is a {source.Title} run; only branching-factor runs have checkpoints on its language"
            : source.IsFinished && source.Status != RunStatus.Succeeded ? $"run {source.Id} {source.Status.ToString().ToLowerInvariant()}; it has no final checkpoints"
            : source.IsFinished && !source.Checkpoints.ContainsKey(input.Model) ? $"run {source.Id} has no checkpoint '{input.Model}'; it has {string.Join(", ", source.Checkpoints.Keys.Order())}"
            : null;
    }
}
