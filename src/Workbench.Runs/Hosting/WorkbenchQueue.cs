using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Runs.Hosting;

public static class WorkbenchQueue
{
    /// <summary>Hangfire with PostgreSQL storage: the web enqueues with it, workers also serve from it.</summary>
    /// <param name="invisibilityTimeout">
    /// How long a job fetched by a worker that stopped sending heartbeats (a crash) stays invisible
    /// before another worker may take it; a live worker keeps its long job by sliding the timeout.
    /// Setting Queue:InvisibilityTimeout, default two minutes.
    /// </param>
    public static IServiceCollection AddWorkbenchQueue(this IServiceCollection services, string connectionString, TimeSpan? invisibilityTimeout = null)
    {
        services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                storage => storage.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    InvisibilityTimeout = invisibilityTimeout ?? TimeSpan.FromMinutes(2),
                    UseSlidingInvisibilityTimeout = true,
                }));
        return services;
    }
}
