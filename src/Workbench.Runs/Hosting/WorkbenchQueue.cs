using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Runs.Hosting;

public static class WorkbenchQueue
{
    /// <summary>Hangfire with PostgreSQL storage: the web enqueues with it, workers also serve from it.</summary>
    public static IServiceCollection AddWorkbenchQueue(this IServiceCollection services, string connectionString)
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
                    // A job is re-offered to another worker when its worker stops sending heartbeats
                    // for this long (a crash); a live worker keeps its long job by sliding the timeout.
                    InvisibilityTimeout = TimeSpan.FromMinutes(2),
                    UseSlidingInvisibilityTimeout = true,
                }));
        return services;
    }
}
