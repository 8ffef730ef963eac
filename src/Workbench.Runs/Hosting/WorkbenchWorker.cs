using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workbench.Runs.Executing;

namespace Workbench.Runs.Hosting;

public static class WorkbenchWorker
{
    /// <summary>
    /// Everything a worker host needs: the store, the queue, a Hangfire server on the experiments queue,
    /// the reconciler and the health checks (published to Worker:HealthFile when set).
    /// </summary>
    public static IHostApplicationBuilder AddWorkbenchWorker(this IHostApplicationBuilder builder)
    {
        builder.Configuration.LoadExperimentPlugins();
        var connectionString = builder.Configuration.WorkbenchConnectionString();
        var section = builder.Configuration.GetSection("Worker");
        builder.Services.Configure<WorkerOptions>(section);
        var worker = section.Get<WorkerOptions>() ?? new WorkerOptions();
        var queue = builder.Configuration.GetSection("Queue").Get<QueueOptions>() ?? new QueueOptions();
        var serverName = $"{Environment.MachineName}:{Environment.ProcessId}";

        builder.Services.AddWorkbenchStore(connectionString);
        builder.Services.AddSingleton(builder.Configuration.ArtifactStore());
        builder.Services.AddSingleton(builder.Configuration.ModelLibrary());
        builder.Services.AddSingleton<ExperimentInputs>();
        builder.Services.AddWorkbenchQueue(builder.Configuration);
        builder.Services.AddWorkbenchReconciler(builder.Configuration);
        builder.Services.AddWorkerHealth(serverName, worker.HealthFile);
        builder.Services.AddHangfireServer(server =>
        {
            server.Queues = [ExecuteRun.Queue];
            server.WorkerCount = worker.Experiments;
            server.ServerName = serverName;
            server.HeartbeatInterval = queue.HeartbeatInterval;
        });
        return builder;
    }
}
