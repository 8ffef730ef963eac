using Workbench.Runs.Executing;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workbench.Engine;
using Workbench.Runs;
using System.Text;
using System.Text.Json;
using Workbench.Runs.Annotating;
using Workbench.Runs.Comparing;
using Workbench.Runs.Finding;
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
        runs.MapGet("/export", ExportList);
        runs.MapPost("/{id:guid}/tags", Tag);
        runs.MapDelete("/{id:guid}/tags/{tag}", Untag);
        runs.MapPost("/{id:guid}/notes", AddNote);
        routes.MapGet("/api/compare", Compare).WithTags("Runs");
        routes.MapGet("/api/artifacts/{hash}", Artifact).WithTags("Runs");
        return routes;
    }

    /// <param name="clonedFrom">the run whose spec this one was edited from, recorded with it</param>
    private static async Task<Results<Accepted<SubmittedRun>, ValidationProblem>> Submit(
        HttpRequest request, SubmitRun submit, IQuerySession session, ExperimentInputs inputs, CancellationToken cancellationToken, Guid? clonedFrom = null)
    {
        var parsed = await SpecParser.Parse(request.Body, inputs, cancellationToken);
        if (parsed.Errors.Count > 0) return TypedResults.ValidationProblem(parsed.ErrorsByField());
        if (clonedFrom is { } source && await session.LoadAsync<Run>(source, cancellationToken) is null)
            return Invalid("clonedFrom", $"there is no run {source}");
        var runId = await submit.Handle(parsed.Spec!, UserOf(request), cancellationToken, clonedFrom: clonedFrom);
        return TypedResults.Accepted($"/api/runs/{runId}", new SubmittedRun(runId));
    }

    /// <param name="filter">e.g. <c>objective = teacherless and creativity &gt; 0.3</c> (<see cref="RunFilter"/>)</param>
    /// <param name="search">words that must all appear in the title, tags or notes</param>
    /// <param name="sort">a field, '-' in front for descending; newest first by default</param>
    private static async Task<Results<Ok<RunPage>, ValidationProblem>> List(
        IQuerySession session, CancellationToken cancellationToken,
        int page = 1, int pageSize = 50, string? filter = null, string? search = null, string? sort = null)
    {
        if (ApiInput.Refusal([
                ("page", ApiInput.PageProblem(page)), ("pageSize", ApiInput.PageSizeProblem(pageSize, MaxPageSize)),
                .. ApiInput.QueryProblems(filter, search, sort)]) is { } refused)
            return refused;
        try
        {
            var found = await FindRuns.Page(session, new RunQuery(filter, search, sort), page, pageSize, cancellationToken);
            return TypedResults.Ok(new RunPage(found.Items.Select(RunSummary.Of).ToList(), page, pageSize, found.Total));
        }
        catch (InvalidRunQuery invalid) { return Invalid(invalid.Field, invalid.Message); }
    }

    /// <summary>Every run the filter finds (up to <see cref="FindRuns.ExportLimit"/>), in the list's order, as CSV or JSON.</summary>
    /// <param name="names">the CSV's header: labels (the default) or machine names (<see cref="CsvNames"/>)</param>
    private static async Task<IResult> ExportList(
        IQuerySession session, CancellationToken cancellationToken,
        string format = "csv", string? filter = null, string? search = null, string? sort = null, string? names = null)
    {
        if (format is not ("csv" or "json")) return Invalid("format", "format is csv or json");
        if (CsvFile.NamesOf(names) is not { } header) return Invalid("names", CsvFile.NamesProblem);
        if (ApiInput.Refusal(ApiInput.QueryProblems(filter, search, sort)) is { } refused) return refused;
        RunsFound found;
        try { found = await FindRuns.Page(session, new RunQuery(filter, search, sort), 1, FindRuns.ExportLimit, cancellationToken); }
        catch (InvalidRunQuery invalid) { return Invalid(invalid.Field, invalid.Message); }
        return format == "csv"
            ? TypedResults.File(Encoding.UTF8.GetBytes(RunTable.Csv(found.Items, header)), "text/csv", "runs.csv")
            : TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(found.Items.Select(RunSummary.Of), ExperimentJson.Options), "application/json", "runs.json");
    }

    private static async Task<IResult> Tag(Guid id, TagRequest body, HttpRequest request, AnnotateRun annotate, CancellationToken cancellationToken) =>
        AnnotateRun.TagError(body.Tag) is { } error
            ? Invalid("tag", error)
            : Annotated(id, await annotate.Tag(id, body.Tag!, UserOf(request), cancellationToken));

    private static async Task<IResult> Untag(Guid id, string tag, HttpRequest request, AnnotateRun annotate, CancellationToken cancellationToken) =>
        Annotated(id, await annotate.Untag(id, tag, UserOf(request), cancellationToken));

    private static async Task<IResult> AddNote(Guid id, NoteRequest body, HttpRequest request, AnnotateRun annotate, CancellationToken cancellationToken) =>
        AnnotateRun.NoteError(body.Text) is { } error
            ? Invalid("text", error)
            : Annotated(id, await annotate.AddNote(id, body.Text!, UserOf(request), cancellationToken));

    private static IResult Annotated(Guid id, AnnotateOutcome outcome) =>
        outcome == AnnotateOutcome.NotFound ? TypedResults.NotFound() : TypedResults.Ok(new AnnotationRecorded(id, outcome == AnnotateOutcome.Recorded));

    /// <param name="ids">2 to 10 run ids, comma-separated</param>
    /// <param name="names">the CSV's header: labels (the default) or machine names (<see cref="CsvNames"/>)</param>
    private static async Task<IResult> Compare(IQuerySession session, CancellationToken cancellationToken, string? ids = null, string format = "json", string? names = null)
    {
        if (format is not ("csv" or "json")) return Invalid("format", "format is csv or json");
        if (CsvFile.NamesOf(names) is not { } header) return Invalid("names", CsvFile.NamesProblem);
        var parsed = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => Guid.TryParse(id, out var guid) ? guid : (Guid?)null).ToList();
        if (parsed.Any(id => id is null) || parsed.Distinct().Count() is < RunComparison.MinRuns or > RunComparison.MaxRuns)
            return Invalid("ids", $"give {RunComparison.MinRuns} to {RunComparison.MaxRuns} different run ids, comma-separated");
        var runs = await RunQueries.Load(session, parsed.Select(id => id!.Value).Distinct().ToList(), cancellationToken);
        if (runs.Missing is { Count: > 0 } missing) return Invalid("ids", $"there is no run {string.Join(", ", missing)}");
        var comparison = RunComparison.Of(runs.Found);
        return format == "json"
            ? TypedResults.Ok(comparison)
            : TypedResults.File(Encoding.UTF8.GetBytes(comparison.ToCsv(header)), "text/csv", "comparison.csv");
    }

    /// <param name="version">time travel: the run as it was right after this event (1 = submitted)</param>
    private static async Task<Results<Ok<Run>, NotFound, ValidationProblem>> Get(Guid id, IQuerySession session, CancellationToken cancellationToken, long? version = null)
    {
        if (version < 1) return Invalid("version", "counts the run's events from 1 (1 = as submitted)");
        var run = version is null
            ? await session.LoadAsync<Run>(id, cancellationToken)
            : await RunQueries.AsOf(session, id, version.Value, cancellationToken);
        return run is null ? TypedResults.NotFound() : TypedResults.Ok(run);
    }

    private static async Task<Results<Ok<List<RecordedEvent>>, NotFound>> Events(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0) return TypedResults.NotFound();
        return TypedResults.Ok(events.Select(e => new RecordedEvent(e.Version, e.EventTypeName, EventTitles.Of(e), e.Timestamp, e.UserName, e.Data)).ToList());
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
        var (archive, unreadable) = await ImportRun.Read(request.Body, cancellationToken);
        var result = unreadable ?? await ImportRun.Handle(session, artifacts, archive!, UserOf(request), cancellationToken);
        return result.Outcome switch
        {
            ImportOutcome.Imported => TypedResults.Created($"/api/runs/{archive!.RunId}", new SubmittedRun(archive.RunId)),
            ImportOutcome.AlreadyExists => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status409Conflict),
            _ => Invalid(result.Field!, result.Error!),
        };
    }

    /// <summary>Streamed from the store (seekable: range requests work), never read into memory whole.</summary>
    private static async Task<IResult> Artifact(string hash, ArtifactStore artifacts, CancellationToken cancellationToken) =>
        await artifacts.OpenReadAsync(hash, cancellationToken) is { } content
            ? TypedResults.File(content, "application/octet-stream", hash, enableRangeProcessing: true)
            : TypedResults.NotFound();

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The signed-in user (cookie or access token); the fallback policy admits no one else.</summary>
    private static string UserOf(HttpRequest request) => request.HttpContext.User.Identity!.Name!;
}

public sealed record SubmittedRun(Guid Id);

public sealed record CancelAccepted(Guid Id, string Outcome);

public sealed record RunPage(IReadOnlyList<RunSummary> Items, int Page, int PageSize, long Total);

/// <param name="Type">the name the store keeps it under, e.g. "run_started_v2": what scripts match on</param>
/// <param name="Title">what people read, e.g. "Run started" (<see cref="EventTitles"/>)</param>
/// <param name="User">who caused the event: a user, or the worker that computed it</param>
public sealed record RecordedEvent(long Version, string Type, string Title, DateTimeOffset Timestamp, string? User, object Data);

public sealed record TagRequest(string? Tag);

public sealed record NoteRequest(string? Text);

/// <param name="Changed">false when the run already had the tag (or had not, when untagging)</param>
public sealed record AnnotationRecorded(Guid Id, bool Changed);
