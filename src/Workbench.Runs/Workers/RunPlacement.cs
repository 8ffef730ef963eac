using Workbench.Runs.Submitting;

namespace Workbench.Runs.Workers;

/// <summary>Where a run goes and who can take it: its queue, what it needs, the live workers serving it, and while it waits, why.</summary>
/// <param name="Queue">the job queue that carries it (<see cref="RunQueues"/>)</param>
/// <param name="ServedBy">the live workers that serve the queue</param>
/// <param name="Waiting">for a run not yet started: why no worker has taken it, or which will; null once it started</param>
public sealed record RunPlacement(string Queue, RunRequirement Requirement, IReadOnlyList<string> ServedBy, string? Waiting)
{
    public static RunPlacement Of(Run run, IReadOnlyList<WorkerStatus> workers)
    {
        var queue = run.Queue ?? RunQueues.For(run.Spec.Device);
        var requirement = RunRequirement.Of(run.Spec);
        var live = workers.Where(status => !status.Stale).Select(status => status.Worker).ToList();
        var serving = live.Where(worker => worker.Queues.Contains(queue)).ToList();
        return new RunPlacement(queue, requirement, [.. serving.Select(worker => worker.Id)],
            run.Status is RunStatus.Submitted or RunStatus.Queued ? WhyWaiting(queue, requirement, live, serving) : null);
    }

    private static string WhyWaiting(string queue, RunRequirement requirement, IReadOnlyList<WorkerPresence> live, IReadOnlyList<WorkerPresence> serving)
    {
        var waits = $"the run waits in queue {queue} ({RunQueues.Describe(queue)})";
        if (live.Count == 0) return $"No worker is running: {waits}.";
        if (serving.Count == 0)
            return $"No live worker serves queue {queue}: {waits} until one does. Live: " +
                   string.Join("; ", live.Select(worker => $"{worker.Id} on {worker.Device} serves {string.Join(", ", worker.Queues)}")) + ".";
        var problems = serving.Select(requirement.Problem).OfType<string>().ToList();
        if (problems.Count == serving.Count) return $"No live worker can take it: {string.Join("; ", problems)}.";
        var able = serving.Where(worker => requirement.Problem(worker) is null).ToList();
        var free = able.Where(worker => worker.Running.Count < worker.Slots).Select(worker => worker.Id).ToList();
        return free.Count > 0
            ? $"Queued in {queue}; a free worker takes it next ({string.Join(", ", free)})."
            : $"Queued in {queue}; every worker that can take it is busy ({string.Join(", ", able.Select(worker => worker.Id))}).";
    }
}
