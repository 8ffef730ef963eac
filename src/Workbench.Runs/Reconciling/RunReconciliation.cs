namespace Workbench.Runs.Reconciling;

public enum RepairKind
{
    /// <summary>A new job carries the run (<see cref="RunRequeued"/> names it); the old one, if still pending, is deleted.</summary>
    QueueAgain,
    /// <summary>The run's job, left on hold by an interrupted submit, is released to the queue.</summary>
    Release,
    /// <summary>A cancel was asked for and nobody is left to honour it.</summary>
    Cancel,
    /// <summary>The run was handed out again too often.</summary>
    Fail,
}

public sealed record Repair(RepairKind Kind, string Reason);

/// <summary>A run's job as the queue knows it.</summary>
/// <param name="State">Hangfire's state name (Scheduled, Enqueued, Processing, Succeeded, Failed, Deleted …)</param>
/// <param name="CreatedAt">when the job was created, by the database's clock</param>
/// <param name="Server">the server processing it, while it is Processing</param>
/// <param name="StateSince">when it entered its state, where the state says</param>
/// <param name="Error">why it failed, for a Failed job (e.g. a worker that could not take its run said why)</param>
public sealed record QueuedJob(string State, DateTime CreatedAt, string? Server = null, DateTime? StateSince = null, string? Error = null);

/// <summary>
/// The reconciler's decision for one unfinished run: given its state, its job (null when the queue has
/// none by that id) and which workers are alive, what repair, if any, makes stream and queue agree.
/// A pure function, so that every case is tested without a database.
/// </summary>
public static class RunReconciliation
{
    // Hangfire's state names (its StateName fields are not constants).
    private const string Scheduled = "Scheduled", Enqueued = "Enqueued", Awaiting = "Awaiting", Processing = "Processing", Deleted = "Deleted";

    /// <param name="now">the database's clock, UTC</param>
    /// <param name="isAlive">whether a Hangfire server has a recent heartbeat</param>
    /// <param name="judgeWorkers">false right after the reconciler lost the database: workers get one server timeout to send a heartbeat again before they are taken for dead</param>
    public static Repair? Decide(
        Run run, QueuedJob? job, Func<string?, bool> isAlive, DateTime now, TimeSpan grace, TimeSpan invisibilityTimeout,
        int maxRequeues, bool judgeWorkers)
    {
        if (run.IsFinished) return null;
        var jobName = $"job {run.JobId}";
        switch (run.Status)
        {
            case RunStatus.Submitted:
                return now - run.SubmittedAt.UtcDateTime < grace ? null
                    : Again(run, maxRequeues, "its submit was interrupted before the run was queued");

            case RunStatus.Queued when job is null:
                return Again(run, maxRequeues, $"its {jobName} is not in the queue");

            case RunStatus.Queued:
                switch (job.State)
                {
                    case Scheduled:
                        return now - job.CreatedAt < grace ? null
                            : new Repair(RepairKind.Release, $"its submit was interrupted before {jobName} was released to the queue");
                    case Enqueued or Awaiting:
                        return null;
                    case Processing:
                        // Taken by a worker that has not recorded its start yet, or by one that died first:
                        // the queue hands it out again after the invisibility timeout; if it does not, a new job.
                        if (!judgeWorkers || isAlive(job.Server)) return null;
                        var since = Later(job.StateSince, run.RequeuedAt?.UtcDateTime);
                        return since is { } at && now - at > invisibilityTimeout + grace
                            ? Again(run, maxRequeues, $"its {jobName} was not handed out again after its worker {job.Server} stopped")
                            : null;
                    default:
                        return Again(run, maxRequeues, $"its {jobName} ended as {job.State} before the run started" + (job.Error is { } error ? $" ({error})" : ""));
                }

            case RunStatus.Running:
                var worker = run.Server ?? job?.Server;
                var alive = isAlive(worker);
                var held = job?.State == Processing
                    || (job?.State == Deleted && run.CancellationRequestedBy is not null);
                if (alive && held) return null;
                if (!judgeWorkers) return null;
                var what = alive ? $"its worker {worker} no longer holds {jobName} ({job?.State ?? "missing"})" : $"its worker {worker ?? "(unknown)"} stopped";
                if (run.CancellationRequestedBy is not null) return new Repair(RepairKind.Cancel, $"{what} before it could stop the run");
                // Not waiting for the queue's invisibility timeout to hand the same job out again: a new
                // job now, and the old one is deleted (a worker ignores a job its run no longer names).
                return Again(run, maxRequeues, alive || job is null ? what : $"{what} ({jobName} was {job.State})");

            default:
                return null;
        }
    }

    private static Repair Again(Run run, int maxRequeues, string reason) => Limited(run, maxRequeues, new Repair(RepairKind.QueueAgain, reason));

    private static Repair Limited(Run run, int maxRequeues, Repair repair) =>
        run.Requeues >= maxRequeues ? new Repair(RepairKind.Fail, $"gave up after {run.Requeues} requeues: {repair.Reason}") : repair;

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
