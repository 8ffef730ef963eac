using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Runs.Reconciling;
using Workbench.Runs.Submitting;

namespace Workbench.Runs.Hosting;

public static class WorkbenchReconciler
{
    /// <summary>Handing runs to the queue, and the reconciler that repairs what an interrupted hand-over or a dead worker left (web and workers both host it).</summary>
    public static IServiceCollection AddWorkbenchReconciler(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReconcilerOptions>(configuration.GetSection("Reconciler"));
        services.AddSingleton<FaultInjection>();
        services.AddSingleton<QueueRun>();
        services.AddHostedService<Reconciler>();
        return services;
    }
}
