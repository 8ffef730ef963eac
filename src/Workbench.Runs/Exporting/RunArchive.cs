using System.Text.Json;

namespace Workbench.Runs.Exporting;

/// <summary>
/// One run as a single JSON file: its whole event stream, in order, with the artifacts its events refer
/// to. Another workbench imports it with the same run id, and can replay it from there.
/// </summary>
/// <param name="Format">"workbench-run/1"</param>
/// <param name="Artifacts">base64 content of every artifact the events refer to, by SHA-256</param>
public sealed record RunArchive(string Format, Guid RunId, IReadOnlyList<ArchivedEvent> Events, IReadOnlyDictionary<string, string> Artifacts)
{
    public const string CurrentFormat = "workbench-run/1";
}

/// <param name="Type">the stored event type name, e.g. "run_submitted", for people reading the file</param>
/// <param name="ClrType">the event's .NET type, which import deserializes <paramref name="Data"/> into</param>
/// <param name="User">who caused the event</param>
public sealed record ArchivedEvent(long Version, string Type, string ClrType, DateTimeOffset Timestamp, string? User, JsonElement Data);
