using Workbench.Runs.Annotating;
using Hangfire;
using MudBlazor.Services;
using Workbench.Engine;
using Workbench.Web.Accounts;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Hosting;
using Workbench.Runs.Replaying;
using Workbench.Runs.Executing;
using Workbench.Runs.Submitting;
using Workbench.Web.Components;
using Workbench.Web.Groups;
using Workbench.Web.Kinds;
using Workbench.Runs.Grouping;
using Workbench.Web.Runs;
using Workbench.Web.Models;
using Workbench.Web.Workers;
using Workbench.Runs.Workers;

namespace Workbench.Web;

/// <summary>The web host's composition root: store, queue client (no server: workers execute), reconciler, health, API and UI.</summary>
public static class WorkbenchWeb
{
    public const long MaxRequestBodyBytes = 30 * 1024 * 1024;

    public static WebApplicationBuilder AddWorkbenchWeb(this WebApplicationBuilder builder)
    {
        // Serve MudBlazor's and our static files from a plain build output too, not only when published.
        builder.WebHost.UseStaticWebAssets();

        builder.Configuration.LoadExperimentPlugins();
        var connectionString = builder.Configuration.WorkbenchConnectionString();
        builder.Services.AddWorkbenchStore(connectionString);
        builder.Services.AddSingleton(builder.Configuration.ArtifactStore());
        builder.Services.AddWorkbenchQueue(builder.Configuration);
        builder.Services.AddWorkbenchReconciler(builder.Configuration);
        builder.Services.AddWorkbenchHealthChecks();
        builder.Services.AddSingleton(builder.Configuration.ModelLibrary());
        builder.Services.AddSingleton<ExperimentInputs>();
        builder.Services.AddScoped<SubmitRun>();
        builder.Services.AddScoped<CancelRun>();
        builder.Services.AddScoped<AnnotateRun>();
        builder.Services.AddScoped<ReplayRun>();
        builder.Services.AddScoped<SubmitGroup>();
        builder.Services.AddScoped<CancelGroup>();
        builder.Services.AddSingleton<WorkerDirectory>();

        builder.AddWorkbenchAccounts();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<RequestProblems>();
        // A parameter that does not bind is thrown (and answered by RequestProblems, naming it), not a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Long filters fit in the address (the API refuses those over ApiInput.MaxFilterLength, naming the filter).
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 96 * 1024;
            // Kestrel's default, stated: a larger body is refused with 413 (RequestProblems says so).
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });
        builder.Services.ConfigureHttpJsonOptions(json => ExperimentJson.Apply(json.SerializerOptions));
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication UseWorkbenchWeb(this WebApplication app)
    {
        // Problem details in every environment: a client reads the same answer in development as in production.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRequestForgeryCheck();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        // For load balancers and container health checks: database and queue reachable (status only, no details).
        app.MapHealthChecks(WorkbenchHealth.Path).AllowAnonymous();
        app.MapRunsApi();
        app.MapGroupsApi();
        app.MapKindsApi();
        app.MapWorkersApi();
        app.MapModelsApi();
        app.MapAccountsApi();
        // Hangfire's own filters allow all; the endpoint's policy admits only admins.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [] }).RequireAuthorization(WorkbenchAccounts.AdminPolicy);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
