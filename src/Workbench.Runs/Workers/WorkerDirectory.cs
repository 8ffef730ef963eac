using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Workbench.Runs.Hosting;

namespace Workbench.Runs.Workers;

/// <summary>A worker's presence record as read now: stale when it has not been written for <see cref="QueueOptions.ServerTimeout"/>
/// (the worker was killed, froze or lost the database), so that what it says may no longer be so.</summary>
/// <param name="NotSeenFor">since its last write, by the database's clock</param>
public sealed record WorkerStatus(WorkerPresence Worker, bool Stale, TimeSpan NotSeenFor);

/// <summary>Every worker that has said it is there (<see cref="WorkerPresence"/>), judged against the database's clock.</summary>
public sealed class WorkerDirectory(IDocumentStore store, NpgsqlDataSource database, IOptions<QueueOptions> options)
{
    /// <summary>Live workers first, then by name.</summary>
    public async Task<IReadOnlyList<WorkerStatus>> All(CancellationToken cancellationToken)
    {
        var now = new DateTimeOffset(await QueueServers.DatabaseNow(database, cancellationToken), TimeSpan.Zero);
        await using var session = store.QuerySession();
        var workers = await session.Query<WorkerPresence>().ToListAsync(cancellationToken);
        return [.. workers
            .Select(worker => new WorkerStatus(worker, now - worker.LastSeen > options.Value.ServerTimeout, now - worker.LastSeen))
            .OrderBy(status => status.Stale).ThenBy(status => status.Worker.Id, StringComparer.Ordinal)];
    }
}
