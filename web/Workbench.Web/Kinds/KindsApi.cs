using Workbench.Engine;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Workbench.Web.Kinds;

/// <summary>The experiment kinds this workbench runs, with every parameter's meaning and range: the spec reference.</summary>
public static class KindsApi
{
    public static IEndpointRouteBuilder MapKindsApi(this IEndpointRouteBuilder routes)
    {
        var kinds = routes.MapGroup("/api/kinds").WithTags("Kinds");
        kinds.MapGet("/", () => TypedResults.Ok(ExperimentKinds.All.Select(KindDescription.Of).ToList()));
        kinds.MapGet("/{name}", Kind);
        return routes;
    }

    private static Results<Ok<KindDescription>, NotFound<string>> Kind(string name) =>
        ExperimentKinds.Find(name) is { } kind ? TypedResults.Ok(KindDescription.Of(kind))
            : TypedResults.NotFound($"There is no experiment kind '{name}'; there are: {string.Join(", ", ExperimentKinds.All.Select(known => known.Name))}.");
}
