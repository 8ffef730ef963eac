using Marten;
using Workbench.Runs.Submitting;

namespace Workbench.Runs.Replaying;

public enum ReplayOutcome { NotFound, NotFinished, Submitted }

/// <summary>Re-executes a finished run: a new run with the recorded spec (and so every seed), marked as its replay.</summary>
public sealed class ReplayRun(IQuerySession query, SubmitRun submit)
{
    public async Task<(ReplayOutcome Outcome, Guid? ReplayId)> Handle(Guid runId, string requestedBy, CancellationToken cancellationToken)
    {
        var original = await query.LoadAsync<Run>(runId, cancellationToken);
        if (original is null) return (ReplayOutcome.NotFound, null);
        if (!original.IsFinished) return (ReplayOutcome.NotFinished, null);
        var replayId = await submit.Handle(original.Spec, requestedBy, cancellationToken, replayOf: runId);
        return (ReplayOutcome.Submitted, replayId);
    }
}
