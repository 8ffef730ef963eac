using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Runs;
using Workbench.Runs.Workers;

namespace Workbench.Web.Workers;

/// <summary>/api/workers: every worker process with its device, GPU memory, queues and current runs; and where a run goes.</summary>
public static class WorkersApi
{
    public static IEndpointRouteBuilder MapWorkersApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/workers", (WorkerDirectory workers, CancellationToken cancellationToken) => workers.All(cancellationToken)).WithTags("Workers");
        routes.MapGet("/api/runs/{id:guid}/placement", Placement).WithTags("Runs");
        return routes;
    }

    /// <summary>The run's queue, the live workers that serve it, and while it waits, why.</summary>
    private static async Task<Results<Ok<RunPlacement>, NotFound>> Placement(
        Guid id, IQuerySession session, WorkerDirectory workers, CancellationToken cancellationToken) =>
        await session.LoadAsync<Run>(id, cancellationToken) is { } run
            ? TypedResults.Ok(RunPlacement.Of(run, await workers.All(cancellationToken)))
            : TypedResults.NotFound();
}
