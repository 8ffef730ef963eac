using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workbench.Runs.Executing;

namespace Workbench.Runs.Hosting;

public static class WorkbenchWorker
{
    /// <summary>Everything a worker host needs: the store, the queue, and a Hangfire server on the experiments queue.</summary>
    public static IHostApplicationBuilder AddWorkbenchWorker(this IHostApplicationBuilder builder)
    {
        builder.Configuration.LoadExperimentPlugins();
        var connectionString = builder.Configuration.WorkbenchConnectionString();
        var section = builder.Configuration.GetSection("Worker");
        builder.Services.Configure<WorkerOptions>(section);
        var experiments = int.TryParse(section[nameof(WorkerOptions.Experiments)], out var e) ? e : 1;

        builder.Services.AddWorkbenchStore(connectionString);
        builder.Services.AddSingleton(builder.Configuration.ArtifactStore());
        builder.Services.AddWorkbenchQueue(connectionString, builder.Configuration.GetValue<TimeSpan?>("Queue:InvisibilityTimeout"));
        builder.Services.AddHangfireServer(server =>
        {
            server.Queues = [ExecuteRun.Queue];
            server.WorkerCount = experiments;
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        return builder;
    }
}
