using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Submitting;

namespace Workbench.Web.Runs;

/// <summary>/api/runs: the same operations the UI uses, for scripts and the CLI.</summary>
public static class RunsApi
{
    /// <summary>Who is acting, until sign-in exists: a plain name the client sends.</summary>
    public const string UserHeader = "X-Workbench-User";
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var runs = routes.MapGroup("/api/runs").WithTags("Runs");
        runs.MapPost("/", Submit);
        runs.MapGet("/", List);
        runs.MapGet("/{id:guid}", Get);
        runs.MapGet("/{id:guid}/events", Events);
        runs.MapPost("/{id:guid}/cancel", Cancel);
        return routes;
    }

    private static async Task<Results<Accepted<SubmittedRun>, ValidationProblem>> Submit(
        HttpRequest request, SubmitRun submit, CancellationToken cancellationToken)
    {
        var parsed = await SpecParser.Parse(request.Body, cancellationToken);
        if (parsed.Errors.Count > 0) return TypedResults.ValidationProblem(parsed.ErrorsByField());
        var runId = await submit.Handle(parsed.Spec!, UserOf(request), cancellationToken);
        return TypedResults.Accepted($"/api/runs/{runId}", new SubmittedRun(runId));
    }

    private static async Task<Results<Ok<RunPage>, ValidationProblem>> List(
        IQuerySession session, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["page"] = [$"page must be at least 1 and pageSize between 1 and {MaxPageSize}"],
            });
        var (items, total) = await RunQueries.Newest(session, page, pageSize, cancellationToken);
        return TypedResults.Ok(new RunPage(items.Select(RunSummary.Of).ToList(), page, pageSize, total));
    }

    private static async Task<Results<Ok<Run>, NotFound>> Get(Guid id, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<Run>(id, cancellationToken) is { } run ? TypedResults.Ok(run) : TypedResults.NotFound();

    private static async Task<Results<Ok<List<RecordedEvent>>, NotFound>> Events(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0) return TypedResults.NotFound();
        return TypedResults.Ok(events.Select(e => new RecordedEvent(e.Version, e.EventTypeName, e.Timestamp, e.Data)).ToList());
    }

    private static async Task<IResult> Cancel(Guid id, HttpRequest request, CancelRun cancel, CancellationToken cancellationToken) =>
        await cancel.Handle(id, UserOf(request), cancellationToken) switch
        {
            CancelOutcome.NotFound => TypedResults.NotFound(),
            CancelOutcome.AlreadyFinished => TypedResults.Problem("The run has already finished.", statusCode: StatusCodes.Status409Conflict),
            var outcome => TypedResults.Accepted($"/api/runs/{id}", new CancelAccepted(id, outcome.ToString())),
        };

    private static string UserOf(HttpRequest request) =>
        request.Headers[UserHeader].ToString() is { Length: > 0 } user ? user.Trim() : "anonymous";
}

public sealed record SubmittedRun(Guid Id);

public sealed record CancelAccepted(Guid Id, string Outcome);

public sealed record RunPage(IReadOnlyList<RunSummary> Items, int Page, int PageSize, long Total);

public sealed record RecordedEvent(long Version, string Type, DateTimeOffset Timestamp, object Data);

/// <summary>What the runs list shows of a run.</summary>
public sealed record RunSummary(
    Guid Id, string Title, string Kind, RunStatus Status, string SubmittedBy, DateTimeOffset SubmittedAt,
    double Progress, IReadOnlyDictionary<string, double> Metrics)
{
    public static RunSummary Of(Run run) => new(
        run.Id, run.Title, ExperimentJson.KindOf(run.Spec),
        run.Status, run.SubmittedBy, run.SubmittedAt, run.Progress, run.Metrics);
}
