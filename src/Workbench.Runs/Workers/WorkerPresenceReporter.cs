using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Workbench.Engine;
using Workbench.Runs.Executing;
using Workbench.Runs.Hosting;
using Workbench.Runs.Models;

namespace Workbench.Runs.Workers;

/// <summary>
/// Keeps this worker's <see cref="WorkerPresence"/> up to date: at start, every heartbeat (<see cref="QueueOptions.HeartbeatInterval"/>)
/// and at once when a run begins or ends or its models change; deletes it on a clean stop. A killed worker's record
/// stays, and readers call it stale once it is older than <see cref="QueueOptions.ServerTimeout"/>; records not written
/// for a day are cleared by whichever worker reports next.
/// </summary>
public sealed class WorkerPresenceReporter(
    IDocumentStore store, NpgsqlDataSource database, WorkerCapabilities worker, WorkerActivity activity, ModelShelf models,
    IOptions<QueueOptions> queue, ILogger<WorkerPresenceReporter> logger) : BackgroundService
{
    private static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

    private DateTimeOffset? startedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Report(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning("Writing this worker's presence failed, trying again: {Error}", exception.Message);
            }
            await activity.WaitForChange(queue.Value.HeartbeatInterval, stoppingToken);
        }
    }

    private async Task Report(CancellationToken cancellationToken)
    {
        var now = new DateTimeOffset(await QueueServers.DatabaseNow(database, cancellationToken), TimeSpan.Zero);
        startedAt ??= now;
        await using var session = store.LightweightSession();
        session.Store(new WorkerPresence(
            worker.Name, Environment.MachineName, Environment.ProcessId, worker.Device, worker.ComputeTypeName,
            worker.Device == "cuda" ? TorchRuntime.ReadGpuMemory() : null, worker.MemoryBytes, worker.Queues, worker.Slots, worker.TakesCpuWork,
            activity.Running, models.Path, models.Problem, models.Models, CodeVersion.Current, startedAt.Value, now));
        var forgotten = now - Forgotten;
        session.DeleteWhere<WorkerPresence>(presence => presence.LastSeen < forgotten);
        await session.SaveChangesAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var session = store.LightweightSession();
            session.Delete<WorkerPresence>(worker.Name);
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            logger.LogWarning("Could not remove this worker's presence on stopping; it will read as stale: {Error}", exception.Message);
        }
    }
}
