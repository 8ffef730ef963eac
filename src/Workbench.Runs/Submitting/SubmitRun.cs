using Hangfire;
using Hangfire.States;
using Marten;
using Workbench.Engine;
using Workbench.Runs.Executing;

namespace Workbench.Runs.Submitting;

/// <summary>Records a new run and hands it to the job queue.</summary>
public sealed class SubmitRun(IDocumentSession session, IBackgroundJobClient jobs)
{
    /// <summary>The spec must already be valid (<see cref="ExperimentSpec.Validate"/>).</summary>
    /// <param name="replayOf">the run this one re-executes (<see cref="RunSubmitted.ReplayOf"/>)</param>
    /// <param name="clonedFrom">the run this one was cloned from (<see cref="RunSubmitted.ClonedFrom"/>)</param>
    /// <param name="group">the sweep or recipe this run belongs to (<see cref="RunSubmitted.Group"/>)</param>
    public async Task<Guid> Handle(
        ExperimentSpec spec, string submittedBy, CancellationToken cancellationToken,
        Guid? replayOf = null, Guid? clonedFrom = null, Guid? group = null)
    {
        var runId = Guid.CreateVersion7();
        session.LastModifiedBy = submittedBy;
        session.Events.StartStream<Run>(runId, new RunSubmitted(runId, spec, submittedBy, replayOf, clonedFrom, group));
        await session.SaveChangesAsync(cancellationToken);

        // The job is created on hold and released only once RunQueued is recorded, so that no
        // worker can append RunStarted before the stream says the run was queued.
        var jobId = jobs.Create<ExecuteRun>(job => job.Execute(runId, CancellationToken.None), new ScheduledState(TimeSpan.FromDays(1)));
        session.Events.Append(runId, new RunQueued(jobId, ExecuteRun.Queue));
        await session.SaveChangesAsync(cancellationToken);
        jobs.ChangeState(jobId, new EnqueuedState(ExecuteRun.Queue), ScheduledState.StateName);
        return runId;
    }
}
