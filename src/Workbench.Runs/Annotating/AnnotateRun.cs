using System.Text.RegularExpressions;
using Marten;

namespace Workbench.Runs.Annotating;

public enum AnnotateOutcome { NotFound, Recorded, Unchanged }

/// <summary>Tags and notes: anyone on the team may add them to any run, finished or not.</summary>
public sealed partial class AnnotateRun(IDocumentStore store)
{
    public const int MaxTagLength = 40;
    public const int MaxNoteLength = 4000;

    /// <summary>Why a tag is refused, or null when it is fine.</summary>
    public static string? TagError(string? tag) => tag switch
    {
        null or "" => "a tag is required",
        { Length: > MaxTagLength } => $"a tag has at most {MaxTagLength} characters",
        _ when !TagPattern().IsMatch(tag) => "a tag is letters, digits, '-', '_', '.' or ':' (no spaces)",
        _ => null,
    };

    /// <summary>Why a note is refused (<see cref="TextInput"/>: no control or bidirectional characters), or null when it is fine.</summary>
    public static string? NoteError(string? text) => string.IsNullOrWhiteSpace(text)
        ? "a note needs some text"
        : TextInput.Problem(text, MaxNoteLength, multiline: true) is { } problem ? $"a note {problem}" : null;

    public Task<AnnotateOutcome> Tag(Guid runId, string tag, string by, CancellationToken cancellationToken) =>
        Append(runId, by, run => run.Tags.Contains(tag) ? null : new RunTagged(tag, by), cancellationToken);

    public Task<AnnotateOutcome> Untag(Guid runId, string tag, string by, CancellationToken cancellationToken) =>
        Append(runId, by, run => run.Tags.Contains(tag) ? new RunUntagged(tag, by) : null, cancellationToken);

    public Task<AnnotateOutcome> AddNote(Guid runId, string text, string by, CancellationToken cancellationToken) =>
        Append(runId, by, _ => new RunNoteAdded(text.Trim(), by), cancellationToken);

    /// <param name="decide">the event to record given the run as it is, or null when nothing changes</param>
    private Task<AnnotateOutcome> Append(Guid runId, string by, Func<Run, object?> decide, CancellationToken cancellationToken) =>
        StreamWrites.RetryOnConflict(async () =>
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = by;
            var stream = await session.Events.FetchForWriting<Run>(runId, cancellationToken);
            if (stream.Aggregate is null) return AnnotateOutcome.NotFound;
            if (decide(stream.Aggregate) is not { } annotation) return AnnotateOutcome.Unchanged;
            stream.AppendOne(annotation);
            await session.SaveChangesAsync(cancellationToken);
            return AnnotateOutcome.Recorded;
        });

    [GeneratedRegex(@"^[\p{L}\p{N}_.:\-]+$")]
    private static partial Regex TagPattern();
}
