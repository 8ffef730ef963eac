using Hangfire;
using Marten;

namespace Workbench.Runs.Cancelling;

public enum CancelOutcome { NotFound, AlreadyFinished, Cancelled, CancellationRequested }

/// <summary>
/// A queued run is cancelled at once; a running one is asked to stop: deleting its Hangfire job
/// trips the job's CancellationToken on the worker, which then records <see cref="RunCancelled"/>.
/// </summary>
public sealed class CancelRun(IDocumentStore store, IBackgroundJobClient jobs)
{
    public Task<CancelOutcome> Handle(Guid runId, string requestedBy, CancellationToken cancellationToken) =>
        StreamWrites.RetryOnConflict(() => TryHandle(runId, requestedBy, cancellationToken));

    private async Task<CancelOutcome> TryHandle(Guid runId, string requestedBy, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = requestedBy;
        var stream = await session.Events.FetchForWriting<Run>(runId, cancellationToken);
        var run = stream.Aggregate;
        if (run is null) return CancelOutcome.NotFound;
        if (run.IsFinished) return CancelOutcome.AlreadyFinished;

        var running = run.Status == RunStatus.Running;
        stream.AppendOne(running ? new RunCancellationRequested(requestedBy) : new RunCancelled(requestedBy));
        await session.SaveChangesAsync(cancellationToken);
        if (run.JobId is not null) jobs.Delete(run.JobId);
        return running ? CancelOutcome.CancellationRequested : CancelOutcome.Cancelled;
    }
}
