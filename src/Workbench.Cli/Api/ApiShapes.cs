using System.Text.Encodings.Web;
using System.Text.Json;

namespace Workbench.Cli.Api;

// The HTTP API's answers as the CLI reads them. They are the client's own copies of the server's records
// (web/Workbench.Web/Runs/RunsApi.cs, src/Workbench.Runs/Run.cs), so the CLI needs neither the web app nor
// Marten; only the fields the CLI shows are read. Statuses stay strings, so a status added on the server
// is shown rather than breaking the CLI.

public sealed record SubmittedRun(Guid Id);

public sealed record CancelAccepted(Guid Id, string Outcome);

public sealed record RunPage(IReadOnlyList<RunSummary> Items, int Page, int PageSize, long Total);

public sealed record RunSummary(
    Guid Id, string Title, string Kind, string Status, string SubmittedBy, DateTimeOffset SubmittedAt,
    double Progress, IReadOnlyDictionary<string, double> Metrics);

public sealed record LossPoint(int Step, double Loss);

public sealed record RunState(
    Guid Id, string Title, string Status, JsonElement Spec, string SubmittedBy, DateTimeOffset SubmittedAt,
    Guid? ReplayOf, Guid? ClonedFrom, int Attempt, string? WorkerHost, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    int Step, int TotalSteps, IReadOnlyList<LossPoint> Loss, IReadOnlyDictionary<string, double> Metrics,
    string? Error, string? CancellationRequestedBy)
{
    public bool IsFinished => Status is RunStatuses.Succeeded or RunStatuses.Failed or RunStatuses.Cancelled;
}

/// <param name="Changed">false when the run already had the tag (or had not, when removing it)</param>
public sealed record AnnotationRecorded(Guid Id, bool Changed);

public sealed record RunComparison(IReadOnlyList<ComparedRun> Runs, IReadOnlyList<SpecDifference> SpecDifferences, IReadOnlyList<MetricRow> Metrics, IReadOnlyList<OverlaidCurve> Curves);

/// <param name="Name">what tells the run apart from the others compared, e.g. "diffusion, Temperature = 0.5"</param>
public sealed record ComparedRun(Guid Id, string Name, string Title, string Kind, string Status);

/// <param name="Label">as people read it, e.g. "Seed prefix length"</param>
/// <param name="Values">one per compared run, in their order; null where a run has no such parameter</param>
public sealed record SpecDifference(string Parameter, string Label, IReadOnlyList<string?> Values);

/// <param name="Label">as people read it, e.g. "Creativity"</param>
public sealed record MetricRow(string Name, string Label, IReadOnlyList<double?> Values);

/// <summary>A curve drawn for several runs; only its name and axes are shown in a terminal.</summary>
public sealed record OverlaidCurve(string Name, string X, string Y);

public sealed record SubmittedGroup(Guid GroupId, IReadOnlyList<Guid> RunIds);

/// <param name="Stopping">running runs whose workers were asked to stop</param>
public sealed record GroupCancellation(int Cancelled, int Stopping, int AlreadyFinished);

public sealed record GroupPage(IReadOnlyList<GroupSummary> Items, int Page, int PageSize, long Total);

/// <param name="Kind">"sweep" or "recipe"</param>
/// <param name="Finished">runs that succeeded, failed or were cancelled</param>
public sealed record GroupSummary(
    Guid Id, string Name, string Kind, string? Recipe, string Experiment, string CreatedBy, DateTimeOffset CreatedAt,
    int Runs, int Finished, int Succeeded, int Failed)
{
    public int Cancelled => Finished - Succeeded - Failed;
    public bool IsFinished => Finished >= Runs;
}

public sealed record GroupAxis(string Parameter, IReadOnlyList<JsonElement> Values);

/// <param name="Name">what tells the run apart from the group's others, e.g. "diffusion, Temperature = 0.5"</param>
/// <param name="Parameters">the run's value of each of the group's axes</param>
public sealed record GroupResultRow(Guid RunId, string Name, IReadOnlyDictionary<string, JsonElement> Parameters, string Status, IReadOnlyDictionary<string, double> Metrics);

public sealed record GroupDetails(GroupSummary Group, IReadOnlyList<GroupAxis> Axes, IReadOnlyList<GroupResultRow> Rows);

/// <param name="Experiment">the kind of the recipe's runs</param>
public sealed record RecipeSummary(string Name, string Title, string Description, string Experiment, int Runs);

/// <summary>The statuses the server writes (its <c>RunStatus</c> enum, camel-cased).</summary>
public static class RunStatuses
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

public static class ApiJson
{
    /// <summary>
    /// The server answers in camelCase (ASP.NET's web defaults). What the CLI prints goes to a terminal or a
    /// file, not into HTML, so "+00:00" and "&lt;eos&gt;" are written as they are, not \u-escaped.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>An answer as the server wrote it, indented for reading: what <c>--format json</c> prints.</summary>
    public static string Indented(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Options) + "\n";
}
