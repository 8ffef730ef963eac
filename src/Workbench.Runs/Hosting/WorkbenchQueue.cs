using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Workbench.Runs.Hosting;

public static class WorkbenchQueue
{
    private const string Schema = "hangfire";
    private const long SchemaLock = 0x776F726B62656E63; // "workbenc"

    /// <summary>Hangfire with PostgreSQL storage: the web enqueues with it, workers also serve from it.</summary>
    /// <param name="invisibilityTimeout">
    /// How long a job fetched by a worker that stopped sending heartbeats (a crash) stays invisible
    /// before another worker may take it; a live worker keeps its long job by sliding the timeout.
    /// Setting Queue:InvisibilityTimeout, default two minutes.
    /// </param>
    public static IServiceCollection AddWorkbenchQueue(this IServiceCollection services, string connectionString, TimeSpan? invisibilityTimeout = null)
    {
        services.AddHangfire(configuration =>
        {
            InstallSchema(connectionString);
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(
                    storage => storage.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = Schema,
                        QueuePollInterval = TimeSpan.FromSeconds(1),
                        InvisibilityTimeout = invisibilityTimeout ?? TimeSpan.FromMinutes(2),
                        UseSlidingInvisibilityTimeout = true,
                        PrepareSchemaIfNecessary = false,
                    });
        });
        return services;
    }

    /// <summary>
    /// Creates or upgrades Hangfire's tables under an advisory lock: the web app and several workers
    /// start at once on a new database, and Hangfire's own installer is not safe to run concurrently.
    /// </summary>
    private static void InstallSchema(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var command = new NpgsqlCommand($"SELECT pg_advisory_lock({SchemaLock})", connection)) command.ExecuteNonQuery();
        try
        {
            PostgreSqlObjectsInstaller.Install(connection, Schema);
        }
        finally
        {
            using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({SchemaLock})", connection);
            unlock.ExecuteNonQuery();
        }
    }
}
