using System.Text.Json.Nodes;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Executing;
using Workbench.Runs.Grouping;
using Workbench.Engine.Recipes;
using Workbench.Web.Runs;

namespace Workbench.Web.Groups;

/// <summary>/api/groups and /api/recipes: sweeps and recipes as the UI starts and shows them, for scripts and the CLI.</summary>
public static class GroupsApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapGroupsApi(this IEndpointRouteBuilder routes)
    {
        var groups = routes.MapGroup("/api/groups").WithTags("Groups");
        groups.MapPost("/sweeps", SubmitSweep);
        groups.MapGet("/", List);
        groups.MapGet("/{id:guid}", Get);
        groups.MapGet("/{id:guid}/results", Results);
        groups.MapPost("/{id:guid}/cancel", Cancel);
        var recipes = routes.MapGroup("/api/recipes").WithTags("Groups");
        recipes.MapGet("/", Recipes);
        recipes.MapPost("/{name}", SubmitRecipe);
        return routes;
    }

    /// <summary>
    /// Body: {"name": "...", "spec": {"kind": ..., ...}, "axes": {"temperature": [0.5, 1], "seed": [1, 2, 3]}}; axes may
    /// also be the text the form takes ("temperature: 0.5, 1\nseed: 1, 2, 3"). Nothing is submitted unless every run is valid.
    /// </summary>
    private static async Task<Results<Accepted<SubmittedGroup>, ValidationProblem>> SubmitSweep(
        HttpRequest request, SubmitGroup submit, ExperimentInputs inputs, CancellationToken cancellationToken)
    {
        var (name, spec, axes, errors) = await ReadSweep(request, cancellationToken);
        if (errors.Count > 0) return Invalid(errors);
        var planned = SweepGrid.Plan(name, spec!, axes);
        if (planned.Errors.Count > 0) return Invalid(planned.Errors);
        var place = axes.Any(axis => axis.Parameter == "sourceRun") ? "axes" : "spec";
        foreach (var run in planned.Plan!.Runs)
        {
            if (await inputs.Problems(run.Spec, cancellationToken) is { Count: > 0 } missing)
                return Invalid(missing.Select(error => error with { Field = $"{place}.{error.Field}" }));
        }
        var submitted = await submit.Handle(planned.Plan!, UserOf(request), cancellationToken);
        return TypedResults.Accepted($"/api/groups/{submitted.GroupId}", submitted);
    }

    /// <summary>Cancels every run of the group that has not finished: 202 with how many were cancelled, asked to stop, or already done.</summary>
    private static async Task<Results<Accepted<GroupCancellation>, NotFound>> Cancel(
        Guid id, HttpRequest request, CancelGroup cancel, CancellationToken cancellationToken) =>
        await cancel.Handle(id, UserOf(request), cancellationToken) is { } cancelled
            ? TypedResults.Accepted($"/api/groups/{id}", cancelled)
            : TypedResults.NotFound();

    private static async Task<(string Name, ExperimentSpec? Spec, IReadOnlyList<GroupAxis> Axes, List<SpecError> Errors)> ReadSweep(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<SpecError>();
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return ("", null, [], [new("body", "must be a JSON object {name, spec, axes}: " + exception.Message.Split(" Path:")[0])]);
        }
        if (body.ValueKind != JsonValueKind.Object) return ("", null, [], [new("body", "must be a JSON object {name, spec, axes}")]);

        var name = Property(body, "name") is { ValueKind: JsonValueKind.String } named ? named.GetString()! : "";
        ExperimentSpec? spec = null;
        if (Property(body, "spec") is not { ValueKind: JsonValueKind.Object } specJson)
            errors.Add(new("spec", "a JSON experiment spec (an object with a \"kind\") is required"));
        else
        {
            var parsed = ExperimentJson.ReadSpec(JsonNode.Parse(specJson.GetRawText()));
            errors.AddRange(parsed.Errors.Select(error => error with { Field = $"spec.{error.Field}" }));
            spec = parsed.Spec;
        }

        var axes = new List<GroupAxis>();
        switch (Property(body, "axes"))
        {
            case { ValueKind: JsonValueKind.Object } byParameter:
                foreach (var axis in byParameter.EnumerateObject())
                {
                    if (axis.Value.ValueKind == JsonValueKind.Array) axes.Add(new GroupAxis(axis.Name, [.. axis.Value.EnumerateArray()]));
                    else errors.Add(new($"axes.{axis.Name}", "must be a list of values, e.g. [1, 2, 3]"));
                }
                break;
            case { ValueKind: JsonValueKind.String } text:
                var (parsedAxes, axisErrors) = SweepAxes.Parse(text.GetString());
                axes.AddRange(parsedAxes);
                errors.AddRange(axisErrors);
                break;
            default:
                errors.Add(new("axes", "required: an object of parameter → list of values, e.g. {\"seed\": [1, 2, 3]}"));
                break;
        }
        return (name, spec, axes, errors);
    }

    private static JsonElement? Property(JsonElement body, string name) =>
        body.EnumerateObject().FirstOrDefault(property => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: not JsonValueKind.Undefined } found
            ? found.Value : null;

    private static Ok<List<RecipeSummary>> Recipes() => TypedResults.Ok(RecipeBook.All.Select(RecipeSummary.Of).ToList());

    private static async Task<Results<Accepted<SubmittedGroup>, NotFound<string>>> SubmitRecipe(
        string name, HttpRequest request, SubmitGroup submit, CancellationToken cancellationToken)
    {
        if (RecipeBook.Find(name) is not { } recipe)
            return TypedResults.NotFound($"There is no recipe '{name}'; there are: {string.Join(", ", RecipeBook.All.Select(r => r.Name))}.");
        var submitted = await submit.Handle(GroupPlan.Of(recipe), UserOf(request), cancellationToken);
        return TypedResults.Accepted($"/api/groups/{submitted.GroupId}", submitted);
    }

    private static async Task<Results<Ok<GroupPage>, ValidationProblem>> List(
        IQuerySession session, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        if (ApiInput.Refusal([("page", ApiInput.PageProblem(page)), ("pageSize", ApiInput.PageSizeProblem(pageSize, MaxPageSize))]) is { } refused)
            return refused;
        var (items, total) = await GroupQueries.Newest(session, page, pageSize, cancellationToken);
        return TypedResults.Ok(new GroupPage(items, page, pageSize, total));
    }

    private static async Task<Results<Ok<GroupDetails>, NotFound>> Get(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await GroupQueries.WithResults(session, id, cancellationToken) is not { } found) return TypedResults.NotFound();
        var (group, results) = found;
        var statuses = results.Rows.Select(row => row.Status).ToList();
        return TypedResults.Ok(new GroupDetails(GroupSummary.Of(group, statuses), group.Axes, group.BaseSpec, results.Rows));
    }

    /// <param name="format">csv (the default) or json</param>
    /// <param name="names">the CSV's header: labels (the default) or machine names (<see cref="CsvNames"/>)</param>
    private static async Task<IResult> Results(Guid id, IQuerySession session, CancellationToken cancellationToken, string format = "csv", string? names = null)
    {
        if (format is not ("csv" or "json")) return Invalid([new("format", "must be csv or json")]);
        if (CsvFile.NamesOf(names) is not { } header) return Invalid([new("names", CsvFile.NamesProblem)]);
        if (await GroupQueries.WithResults(session, id, cancellationToken) is not { } found) return TypedResults.NotFound();
        var results = found.Results;
        return format == "csv"
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(results.ToCsv(header)), "text/csv", $"group-{id}.csv")
            : TypedResults.Json(results, ExperimentJson.Options);
    }

    private static ValidationProblem Invalid(IEnumerable<SpecError> errors) => TypedResults.ValidationProblem(errors
        .GroupBy(error => error.Field)
        .ToDictionary(field => field.Key, field => field.Select(error => error.Message).ToArray()));

    /// <summary>The signed-in user (cookie or access token); the fallback policy admits no one else.</summary>
    private static string UserOf(HttpRequest request) => request.HttpContext.User.Identity!.Name!;
}

public sealed record GroupPage(IReadOnlyList<GroupSummary> Items, int Page, int PageSize, long Total);

public sealed record GroupDetails(GroupSummary Group, IReadOnlyList<GroupAxis> Axes, ExperimentSpec BaseSpec, IReadOnlyList<GroupResultRow> Rows);

public sealed record RecipeSummary(string Name, string Title, string Description, string Experiment, int Runs, IReadOnlyList<GroupAxis> Axes, IReadOnlyList<BarPanel> Figure)
{
    public static RecipeSummary Of(Recipe recipe) => new(
        recipe.Name, recipe.Title, recipe.Description, ExperimentJson.KindOf(recipe.BaseSpec), recipe.Runs.Count, GroupPlan.Of(recipe).Axes, recipe.Figure);
}
