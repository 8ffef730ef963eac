using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workbench.Engine;
using Workbench.Runs;
using System.Text.Json;
using Workbench.Runs.Artifacts;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Exporting;
using Workbench.Runs.Replaying;
using Workbench.Runs.Submitting;

namespace Workbench.Web.Runs;

/// <summary>/api/runs: the same operations the UI uses, for scripts and the CLI.</summary>
public static class RunsApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var runs = routes.MapGroup("/api/runs").WithTags("Runs");
        runs.MapPost("/", Submit);
        runs.MapGet("/", List);
        runs.MapGet("/{id:guid}", Get);
        runs.MapGet("/{id:guid}/events", Events);
        runs.MapPost("/{id:guid}/cancel", Cancel);
        runs.MapPost("/{id:guid}/replay", Replay);
        runs.MapGet("/{id:guid}/verification", Verification);
        runs.MapGet("/{id:guid}/derived", Derived);
        runs.MapGet("/{id:guid}/export", Export);
        runs.MapPost("/import", Import);
        routes.MapGet("/api/artifacts/{hash}", Artifact).WithTags("Runs");
        return routes;
    }

    /// <param name="clonedFrom">the run whose spec this one was edited from, recorded with it</param>
    private static async Task<Results<Accepted<SubmittedRun>, ValidationProblem>> Submit(
        HttpRequest request, SubmitRun submit, IQuerySession session, CancellationToken cancellationToken, Guid? clonedFrom = null)
    {
        var parsed = await SpecParser.Parse(request.Body, cancellationToken);
        if (parsed.Errors.Count > 0) return TypedResults.ValidationProblem(parsed.ErrorsByField());
        if (clonedFrom is { } source && await session.LoadAsync<Run>(source, cancellationToken) is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["clonedFrom"] = [$"there is no run {source}"] });
        var runId = await submit.Handle(parsed.Spec!, UserOf(request), cancellationToken, clonedFrom: clonedFrom);
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

    /// <param name="version">time travel: the run as it was right after this event (1 = submitted)</param>
    private static async Task<Results<Ok<Run>, NotFound>> Get(Guid id, IQuerySession session, CancellationToken cancellationToken, long? version = null)
    {
        var run = version is null
            ? await session.LoadAsync<Run>(id, cancellationToken)
            : await RunQueries.AsOf(session, id, version.Value, cancellationToken);
        return run is null ? TypedResults.NotFound() : TypedResults.Ok(run);
    }

    private static async Task<Results<Ok<List<RecordedEvent>>, NotFound>> Events(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0) return TypedResults.NotFound();
        return TypedResults.Ok(events.Select(e => new RecordedEvent(e.Version, e.EventTypeName, e.Timestamp, e.UserName, e.Data)).ToList());
    }

    private static async Task<IResult> Cancel(Guid id, HttpRequest request, CancelRun cancel, CancellationToken cancellationToken) =>
        await cancel.Handle(id, UserOf(request), cancellationToken) switch
        {
            CancelOutcome.NotFound => TypedResults.NotFound(),
            CancelOutcome.AlreadyFinished => TypedResults.Problem("The run has already finished.", statusCode: StatusCodes.Status409Conflict),
            var outcome => TypedResults.Accepted($"/api/runs/{id}", new CancelAccepted(id, outcome.ToString())),
        };

    private static async Task<IResult> Replay(Guid id, HttpRequest request, ReplayRun replay, CancellationToken cancellationToken) =>
        await replay.Handle(id, UserOf(request), cancellationToken) switch
        {
            (ReplayOutcome.NotFound, _) => TypedResults.NotFound(),
            (ReplayOutcome.NotFinished, _) => TypedResults.Problem("Only a finished run can be replayed.", statusCode: StatusCodes.Status409Conflict),
            (_, var replayId) => TypedResults.Accepted($"/api/runs/{replayId}", new SubmittedRun(replayId!.Value)),
        };

    private static async Task<Results<Ok<ReplayVerdict>, NotFound>> Verification(Guid id, IQuerySession session, CancellationToken cancellationToken) =>
        await VerifyReplay.For(session, id, cancellationToken) is { } verdict ? TypedResults.Ok(verdict) : TypedResults.NotFound();

    private static async Task<Ok<List<RunSummary>>> Derived(Guid id, IQuerySession session, CancellationToken cancellationToken) =>
        TypedResults.Ok((await RunQueries.DerivedFrom(session, id, cancellationToken)).Select(RunSummary.Of).ToList());

    private static async Task<IResult> Export(Guid id, IQuerySession session, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        RunArchive? archive;
        try { archive = await ExportRun.Handle(session, artifacts, id, cancellationToken); }
        catch (InvalidOperationException exception) { return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict); }
        if (archive is null) return TypedResults.NotFound();
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(archive, ExperimentJson.Options), "application/json", $"run-{id}.json");
    }

    private static async Task<IResult> Import(HttpRequest request, IDocumentSession session, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        RunArchive? archive;
        try { archive = await JsonSerializer.DeserializeAsync<RunArchive>(request.Body, ExperimentJson.Options, cancellationToken); }
        catch (JsonException exception) { return Invalid(exception.Message.Split(" Path:")[0]); }
        if (archive is null) return Invalid("A run archive (as exported) is required.");
        return await ImportRun.Handle(session, artifacts, archive, UserOf(request), cancellationToken) switch
        {
            (ImportOutcome.Imported, _) => TypedResults.Created($"/api/runs/{archive.RunId}", new SubmittedRun(archive.RunId)),
            (ImportOutcome.AlreadyExists, var error) => TypedResults.Problem(error, statusCode: StatusCodes.Status409Conflict),
            (_, var error) => Invalid(error!),
        };

        static IResult Invalid(string error) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["archive"] = [error] });
    }

    private static IResult Artifact(string hash, ArtifactStore artifacts) =>
        artifacts.Contains(hash) ? TypedResults.File(artifacts.Read(hash), "application/octet-stream", hash) : TypedResults.NotFound();

    /// <summary>The signed-in user (cookie or access token); the fallback policy admits no one else.</summary>
    private static string UserOf(HttpRequest request) => request.HttpContext.User.Identity!.Name!;
}

public sealed record SubmittedRun(Guid Id);

public sealed record CancelAccepted(Guid Id, string Outcome);

public sealed record RunPage(IReadOnlyList<RunSummary> Items, int Page, int PageSize, long Total);

/// <param name="User">who caused the event: a user, or the worker that computed it</param>
public sealed record RecordedEvent(long Version, string Type, DateTimeOffset Timestamp, string? User, object Data);

/// <summary>What the runs list shows of a run.</summary>
public sealed record RunSummary(
    Guid Id, string Title, string Kind, RunStatus Status, string SubmittedBy, DateTimeOffset SubmittedAt,
    double Progress, IReadOnlyDictionary<string, double> Metrics)
{
    public static RunSummary Of(Run run) => new(
        run.Id, run.Title, ExperimentJson.KindOf(run.Spec),
        run.Status, run.SubmittedBy, run.SubmittedAt, run.Progress, run.Metrics);
}
