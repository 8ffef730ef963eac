using Workbench.Runs.Models;
using Workbench.Runs.Workers;

namespace Workbench.Web.Models;

/// <summary>/api/models: the pretrained models the live workers see in their models folders, and which of them can load each.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/models", async (WorkerDirectory workers, CancellationToken cancellationToken) =>
            ModelCatalog.Of(await workers.All(cancellationToken))).WithTags("Models");
        return routes;
    }
}
