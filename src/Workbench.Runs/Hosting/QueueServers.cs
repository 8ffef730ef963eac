using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Workbench.Runs.Hosting;

/// <summary>
/// The worker processes (Hangfire servers) that are alive: their last heartbeat is younger than
/// <see cref="QueueOptions.ServerTimeout"/>. Heartbeats are stamped with the database's clock, and so is
/// "now" here, so hosts whose clocks disagree still agree on who is alive.
/// </summary>
public sealed class QueueServers(JobStorage storage, NpgsqlDataSource database, IOptions<QueueOptions> options)
{
    public async Task<LiveServers> Alive(CancellationToken cancellationToken)
    {
        var now = await DatabaseNow(database, cancellationToken);
        var heartbeats = storage.GetMonitoringApi().Servers()
            .Where(server => server.Heartbeat is not null)
            .ToDictionary(server => server.Name, server => server.Heartbeat!.Value);
        return new LiveServers(now, heartbeats, options.Value.ServerTimeout);
    }

    public static async Task<DateTime> DatabaseNow(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT now()");
        return (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <param name="Now">the database's clock, UTC</param>
/// <param name="Heartbeats">each registered server's last heartbeat, UTC</param>
public sealed record LiveServers(DateTime Now, IReadOnlyDictionary<string, DateTime> Heartbeats, TimeSpan ServerTimeout)
{
    public bool IsAlive(string? server) =>
        server is not null && Heartbeats.TryGetValue(server, out var heartbeat) && Now - heartbeat < ServerTimeout;
}
