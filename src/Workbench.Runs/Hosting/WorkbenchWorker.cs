using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workbench.Runs.Executing;
using Workbench.Runs.Models;
using Workbench.Runs.Workers;

namespace Workbench.Runs.Hosting;

public static class WorkbenchWorker
{
    /// <summary>
    /// Everything a worker host needs: the store, the queue, a Hangfire server on the queues its device serves, the
    /// reconciler, the health checks (published to Worker:HealthFile when set), and its presence record with the models
    /// it sees (Models:Path).
    /// </summary>
    /// <exception cref="InvalidOperationException">a Worker setting this worker cannot honour (Worker:Device = cuda without one)</exception>
    public static IHostApplicationBuilder AddWorkbenchWorker(this IHostApplicationBuilder builder)
    {
        builder.Configuration.LoadExperimentPlugins();
        var connectionString = builder.Configuration.WorkbenchConnectionString();
        var section = builder.Configuration.GetSection("Worker");
        builder.Services.Configure<WorkerOptions>(section);
        var options = section.Get<WorkerOptions>() ?? new WorkerOptions();
        var queue = builder.Configuration.GetSection("Queue").Get<QueueOptions>() ?? new QueueOptions();
        var worker = WorkerCapabilities.Resolve($"{Environment.MachineName}:{Environment.ProcessId}", options);

        builder.Services.AddWorkbenchStore(connectionString);
        builder.Services.AddSingleton(builder.Configuration.ArtifactStore());
        builder.Services.AddSingleton(builder.Configuration.ModelLibrary());
        builder.Services.AddSingleton<ExperimentInputs>();
        builder.Services.AddWorkbenchQueue(builder.Configuration);
        builder.Services.AddWorkbenchReconciler(builder.Configuration);
        builder.Services.AddWorkerHealth(worker.Name, options.HealthFile);
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton<WorkerActivity>();
        builder.Services.AddSingleton<ModelShelf>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ModelShelf>());
        builder.Services.AddHostedService<WorkerPresenceReporter>();
        builder.Services.AddHangfireServer(server =>
        {
            server.Queues = [.. worker.Queues];
            server.WorkerCount = worker.Slots;
            server.ServerName = worker.Name;
            server.HeartbeatInterval = queue.HeartbeatInterval;
        });
        return builder;
    }
}
