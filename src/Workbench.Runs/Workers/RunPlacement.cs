using Workbench.Runs.Submitting;

namespace Workbench.Runs.Workers;

/// <summary>Where a run goes and who can take it: its queue, the live workers serving it, and, while it waits, why.</summary>
/// <param name="Queue">the job queue that carries it (<see cref="RunQueues"/>)</param>
/// <param name="Waiting">for a run not yet started: why no worker has taken it, or that one will; null once it started</param>
public sealed record RunPlacement(string Queue, string Device, IReadOnlyList<string> ServedBy, string? Waiting)
{
    public static RunPlacement Of(Run run, IReadOnlyList<WorkerStatus> workers)
    {
        var queue = run.Queue ?? RunQueues.For(run.Spec.Device);
        var live = workers.Where(status => !status.Stale).Select(status => status.Worker).ToList();
        var serving = live.Where(worker => worker.Queues.Contains(queue)).ToList();
        var device = run.Spec.Device.ToString().ToLowerInvariant();
        return new RunPlacement(queue, device, [.. serving.Select(worker => worker.Id)],
            run.Status is RunStatus.Submitted or RunStatus.Queued ? WhyWaiting(queue, live, serving) : null);
    }

    private static string WhyWaiting(string queue, IReadOnlyList<WorkerPresence> live, IReadOnlyList<WorkerPresence> serving)
    {
        if (serving.Count == 0)
            return live.Count == 0
                ? $"No worker is running: the run waits in queue {queue} ({RunQueues.Describe(queue)})."
                : $"No live worker serves queue {queue} ({RunQueues.Describe(queue)}); the run waits until one does. Live: " +
                  string.Join("; ", live.Select(worker => $"{worker.Id} on {worker.Device} serves {string.Join(", ", worker.Queues)}")) + ".";
        return serving.Any(worker => worker.Running.Count < worker.Slots)
            ? $"Queued in {queue}; a free worker ({string.Join(", ", serving.Where(worker => worker.Running.Count < worker.Slots).Select(worker => worker.Id))}) takes it next."
            : $"Queued in {queue}; every worker that serves it is busy ({string.Join(", ", serving.Select(worker => worker.Id))}).";
    }
}
