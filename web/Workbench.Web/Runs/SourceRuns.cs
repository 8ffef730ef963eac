using Marten;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs;

namespace Workbench.Web.Runs;

/// <summary>
/// A bfCheckpoint spec measures another run's checkpoint: that run must exist, and be a branching-factor run, when the
/// spec is submitted (from the API, a sweep or the form), so a mistyped id is refused naming sourceRun instead of
/// failing later on a worker. Whether the source has succeeded is the worker's to check: it may still be running.
/// </summary>
public static class SourceRuns
{
    /// <param name="spec">a spec whose own checks passed (<see cref="ExperimentSpec.Validate"/>)</param>
    public static async Task<IReadOnlyList<SpecError>> Check(IQuerySession session, ExperimentSpec spec, CancellationToken cancellationToken)
    {
        if (spec is not CheckpointBranchingFactorSpec checkpoint) return [];
        var source = await session.LoadAsync<Run>(checkpoint.SourceRunId, cancellationToken);
        if (source is null) return [new("sourceRun", $"there is no run {checkpoint.SourceRunId}")];
        if (source.Spec is not AlignedPairSpec)
            return [new("sourceRun", $"run {source.Id} is a {source.Title} run; only branching-factor runs have checkpoints on a synthetic language")];
        return [];
    }
}
