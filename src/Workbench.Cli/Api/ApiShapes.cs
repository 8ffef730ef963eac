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
}
