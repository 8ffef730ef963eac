using Marten;
using Workbench.Engine;
using Workbench.Runs.Hosting;

namespace Workbench.Runs.Submitting;

/// <summary>
/// Records a new run and hands it to the job queue. The record is one commit; handing over follows
/// at once (<see cref="QueueRun"/>), and is finished by the reconciler if this process dies first.
/// </summary>
public sealed class SubmitRun(IDocumentStore store, QueueRun queue, FaultInjection faults)
{
    /// <summary>The spec must already be valid (<see cref="ExperimentSpec.Validate"/>).</summary>
    /// <param name="replayOf">the run this one re-executes (<see cref="RunSubmitted.ReplayOf"/>)</param>
    /// <param name="clonedFrom">the run this one was cloned from (<see cref="RunSubmitted.ClonedFrom"/>)</param>
    public async Task<Guid> Handle(
        ExperimentSpec spec, string submittedBy, CancellationToken cancellationToken,
        Guid? replayOf = null, Guid? clonedFrom = null)
    {
        Guid runId;
        await using (var session = store.LightweightSession())
        {
            session.LastModifiedBy = submittedBy;
            runId = Record(session, spec, submittedBy, replayOf, clonedFrom);
            await session.SaveChangesAsync(cancellationToken);
        }
        await Queue([runId], submittedBy);
        return runId;
    }

    /// <summary>Starts a run's stream in the session, committed with whatever else the caller saves with it (a group).</summary>
    /// <param name="group">the sweep or recipe this run belongs to (<see cref="RunSubmitted.Group"/>)</param>
    public static Guid Record(
        IDocumentSession session, ExperimentSpec spec, string submittedBy, Guid? replayOf = null, Guid? clonedFrom = null, Guid? group = null)
    {
        var runId = Guid.CreateVersion7();
        session.Events.StartStream<Run>(runId, new RunSubmitted(runId, spec, submittedBy, replayOf, clonedFrom, group));
        return runId;
    }

    /// <summary>
    /// Hands recorded runs to the queue. Not cancelled with the request: once the runs are recorded, a
    /// client that goes away must not leave them half handed over.
    /// </summary>
    public async Task Queue(IEnumerable<Guid> runIds, string submittedBy)
    {
        faults.KillIfAt(FaultInjection.SubmitRecorded);
        foreach (var runId in runIds) await queue.Submitted(runId, submittedBy, faults.KillIfAt, CancellationToken.None);
    }
}
