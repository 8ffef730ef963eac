using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Workbench.Runs.Hosting;

/// <summary>Bound from the "Queue" configuration section (env: Queue__InvisibilityTimeout, Queue__ServerTimeout), the same in web and workers.</summary>
public sealed class QueueOptions
{
    /// <summary>
    /// How long a job fetched by a worker that stopped sending heartbeats (a crash) stays invisible
    /// before another worker may take it; a live worker keeps its long job by sliding the timeout.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A worker whose heartbeat is older than this is taken for dead: the reconciler hands its run out
    /// again (or cancels it, when a cancel was asked for). Workers send a heartbeat four times as often.
    /// </summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan HeartbeatInterval => ServerTimeout / 4;
}

public static class WorkbenchQueue
{
    private const string Schema = "hangfire";
    private const long SchemaLock = 0x776F726B62656E63; // "workbenc"

    /// <summary>Hangfire with PostgreSQL storage: the web enqueues with it, workers also serve from it.</summary>
    public static IServiceCollection AddWorkbenchQueue(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.WorkbenchConnectionString();
        var section = configuration.GetSection("Queue");
        services.Configure<QueueOptions>(section);
        var options = section.Get<QueueOptions>() ?? new QueueOptions();
        services.AddHangfire(hangfire =>
        {
            InstallSchema(connectionString);
            hangfire
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(
                    storage => storage.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = Schema,
                        QueuePollInterval = TimeSpan.FromSeconds(1),
                        InvisibilityTimeout = options.InvisibilityTimeout,
                        UseSlidingInvisibilityTimeout = true,
                        PrepareSchemaIfNecessary = false,
                    });
        });
        services.AddSingleton<QueueServers>();
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
