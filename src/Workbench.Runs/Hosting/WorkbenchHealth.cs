using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Workbench.Runs.Executing;

namespace Workbench.Runs.Hosting;

/// <summary>
/// Health checks of a host: the database answers and the queue's storage answers; a worker's also that
/// its own Hangfire server is heartbeating. The web app serves them at <see cref="Path"/>; a worker
/// rewrites <see cref="WorkerOptions.HealthFile"/> while they pass (it has no HTTP endpoint).
/// </summary>
public static class WorkbenchHealth
{
    public const string Path = "/health";

    public static IHealthChecksBuilder AddWorkbenchHealthChecks(this IServiceCollection services) => services.AddHealthChecks()
        .AddCheck<DatabaseReachable>("database", timeout: TimeSpan.FromSeconds(5))
        .AddCheck<QueueReachable>("queue", timeout: TimeSpan.FromSeconds(5));

    /// <summary>The worker's checks, and the health file they keep up to date when <see cref="WorkerOptions.HealthFile"/> is set.</summary>
    public static IServiceCollection AddWorkerHealth(this IServiceCollection services, string serverName, string? healthFile)
    {
        services.AddWorkbenchHealthChecks()
            .Add(new HealthCheckRegistration("server", provider => new ServerHeartbeating(
                provider.GetRequiredService<JobStorage>(), provider.GetRequiredService<NpgsqlDataSource>(),
                provider.GetRequiredService<IOptions<QueueOptions>>(), serverName), HealthStatus.Unhealthy, [], TimeSpan.FromSeconds(5)));
        if (healthFile is { Length: > 0 })
        {
            services.Configure<HealthCheckPublisherOptions>(publisher =>
            {
                publisher.Delay = TimeSpan.FromSeconds(2);
                publisher.Period = TimeSpan.FromSeconds(10);
            });
            services.AddSingleton<IHealthCheckPublisher>(new HealthFile(healthFile));
        }
        return services;
    }

    private sealed class DatabaseReachable(NpgsqlDataSource database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var command = database.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
    }

    private sealed class QueueReachable(JobStorage storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.Run(() =>
            {
                var servers = storage.GetMonitoringApi().Servers().Count;
                return HealthCheckResult.Healthy($"{servers} worker server(s) registered");
            }, cancellationToken);
    }

    /// <summary>This process's Hangfire server is registered and its heartbeat is recent: it can take jobs.</summary>
    private sealed class ServerHeartbeating(JobStorage storage, NpgsqlDataSource database, IOptions<QueueOptions> options, string serverName) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var now = await QueueServers.DatabaseNow(database, cancellationToken);
            var mine = storage.GetMonitoringApi().Servers().Where(server => server.Name.StartsWith(serverName + ":", StringComparison.Ordinal)).ToList();
            if (mine.Count == 0) return HealthCheckResult.Unhealthy($"no Hangfire server {serverName} is registered");
            return mine.Any(server => server.Heartbeat is { } beat && now - beat < options.Value.ServerTimeout)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"the heartbeat of {serverName} is older than {options.Value.ServerTimeout}");
        }
    }

    /// <summary>Rewrites the file while the host is healthy and removes it when not, so that its age says how recently all was well.</summary>
    private sealed class HealthFile(string path) : IHealthCheckPublisher
    {
        public async Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
        {
            if (report.Status == HealthStatus.Healthy)
                await File.WriteAllTextAsync(path, $"Healthy {DateTimeOffset.UtcNow:O}\n", cancellationToken);
            else
                File.Delete(path);
        }
    }
}
