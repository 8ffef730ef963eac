using System.Text.RegularExpressions;
using JasperFx.Events;
using Workbench.Engine;

namespace Workbench.Runs;

/// <summary>
/// What people read for an event: its type's name in words ("Run started"), never the name the store keeps it under
/// (<c>run_started_v2</c>, see <see cref="EventVersions"/>) nor a version suffix. Events are named in the past tense,
/// so their type names read as sentences already.
/// </summary>
public static partial class EventTitles
{
    public static string Of(IEvent recorded) => Of(recorded.EventType);

    /// <example>RunStarted → "Run started", RunStartedV1 → "Run started", RunNoteAdded → "Run note added"</example>
    public static string Of(Type type) => SpecParameters.Words(VersionSuffix().Replace(type.Name, ""));

    /// <summary>A stored name read as words, for text that only has the name: "training_progressed" → "Training progressed".</summary>
    public static string OfStoredName(string name)
    {
        var words = StoredVersionSuffix().Replace(name, "").Replace('_', ' ');
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex("V[0-9]+$")]
    private static partial Regex VersionSuffix();

    [GeneratedRegex("_v[0-9]+$")]
    private static partial Regex StoredVersionSuffix();
}
