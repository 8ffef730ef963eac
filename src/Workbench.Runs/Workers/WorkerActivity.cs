using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Workbench.Runs.Workers;

/// <summary>A run this worker is executing now, since when (the worker's clock).</summary>
public sealed record RunInProgress(Guid RunId, int Attempt, string Title, DateTimeOffset Since);

/// <summary>
/// What this worker process is doing now, for its presence record (<see cref="WorkerPresenceReporter"/>): the runs it
/// executes, and a signal that something worth reporting at once changed (a run began or ended, the models changed).
/// </summary>
public sealed class WorkerActivity
{
    private readonly ConcurrentDictionary<Guid, RunInProgress> running = new();
    private readonly Channel<bool> changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public IReadOnlyList<RunInProgress> Running => [.. running.Values.OrderBy(run => run.Since)];

    public void Started(Guid runId, int attempt, string title)
    {
        running[runId] = new RunInProgress(runId, attempt, title, DateTimeOffset.UtcNow);
        Changed();
    }

    public void Ended(Guid runId)
    {
        running.TryRemove(runId, out _);
        Changed();
    }

    public void Changed() => changes.Writer.TryWrite(true);

    /// <summary>Waits until something changed or <paramref name="timeout"/> passed.</summary>
    public async Task WaitForChange(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await changes.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the heartbeat's time came
        }
    }
}
