using Hangfire;
using Hangfire.States;
using JasperFx;
using Marten;
using JasperFx.Events;
using Workbench.Runs.Executing;

namespace Workbench.Runs.Submitting;

/// <summary>
/// Hands a recorded run to the job queue: creates its Hangfire job on hold, records which job carries
/// it, then releases the job. The hold keeps a worker from starting a run whose stream does not yet name
/// its job (a worker ignores a job that is not its run's, <see cref="ExecuteRun"/>).
/// </summary>
/// <remarks>
/// Why not one transaction with the run's first events: Hangfire's PostgreSQL storage opens connections
/// of its own, and Marten's session and Hangfire's job in one <c>TransactionScope</c> would need a
/// distributed transaction, which .NET does not provide on Linux. So the stream is the outbox: a run
/// recorded as submitted with no job yet is work still to do, done here right after the submit commits,
/// and by the reconciler when a crash interrupted it at any step. Optimistic concurrency on the stream
/// decides who hands it over when both try; the loser deletes its job.
/// </remarks>
public sealed class QueueRun(IDocumentStore store, IBackgroundJobClient jobs)
{
    /// <summary>Long enough never to fire in practice: the job waits for its release, or for the reconciler's.</summary>
    private static readonly TimeSpan OnHold = TimeSpan.FromDays(1);

    /// <summary>Queues a run just submitted: records <see cref="RunQueued"/>, or nothing if it was queued already.</summary>
    /// <param name="checkpoint">called between the steps, for fault injection</param>
    public async Task<string?> Submitted(Guid runId, string submittedBy, Action<string> checkpoint, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = submittedBy;
        var stream = await session.Events.FetchForWriting<Run>(runId, cancellationToken);
        if (stream.Aggregate is not { Status: RunStatus.Submitted }) return null;
        var queue = RunQueues.For(stream.Aggregate.Spec.Device);
        try
        {
            return await HandOver(session, stream, queue, jobId => new RunQueued(jobId, queue), checkpoint, cancellationToken);
        }
        catch (ConcurrencyException)
        {
            return null; // the reconciler queued it meanwhile
        }
    }

    /// <summary>
    /// Creates a job on hold in <paramref name="queue"/> (<see cref="RunQueues"/>), appends the event <paramref name="recorded"/>
    /// names it in, saves, releases. On a lost race (<see cref="ConcurrencyException"/>) the job is deleted and the exception goes on.
    /// </summary>
    /// <remarks>The queue is the job's own (Hangfire's Job.Queue), so that whoever enqueues it again — the reconciler, or
    /// an admin in Hangfire's dashboard — puts it back where its device is served.</remarks>
    public async Task<string> HandOver(
        IDocumentSession session, IEventStream<Run> stream, string queue, Func<string, object> recorded, Action<string> checkpoint,
        CancellationToken cancellationToken)
    {
        var runId = stream.Id;
        var jobId = jobs.Create<ExecuteRun>(queue, job => job.Execute(runId, null, CancellationToken.None), new ScheduledState(OnHold));
        checkpoint(Hosting.FaultInjection.SubmitJobCreated);
        stream.AppendOne(recorded(jobId));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyException)
        {
            jobs.Delete(jobId);
            throw;
        }
        checkpoint(Hosting.FaultInjection.SubmitQueued);
        jobs.ChangeState(jobId, new EnqueuedState(queue), ScheduledState.StateName);
        return jobId;
    }
}
