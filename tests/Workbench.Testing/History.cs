using Marten;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Annotating;
using Workbench.Runs.Executing;
using Workbench.Runs.Grouping;
using Workbench.Runs.Submitting;

namespace Workbench.Testing;

/// <summary>
/// Finished runs written straight into the event store, as a worker would have recorded them, for tests
/// and benchmarks of finding and comparing that need many runs but not their training.
/// </summary>
public static class History
{
    public sealed record PastRun(ExperimentSpec Spec, string User, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<string>? Tags = null, string? Note = null);

    public static async Task<IReadOnlyList<Guid>> Record(IDocumentStore store, IEnumerable<PastRun> runs)
    {
        var ids = new List<Guid>();
        await using var session = store.LightweightSession();
        foreach (var run in runs)
        {
            var id = Guid.CreateVersion7();
            ids.Add(id);
            session.Events.StartStream<Run>(id, [.. Events(id, run, group: null)]);
        }
        await session.SaveChangesAsync();
        return ids;
    }

    /// <summary>A finished sweep over one parameter: a group whose runs are the given ones, each with its axis value.</summary>
    /// <returns>the group's id</returns>
    public static async Task<Guid> RecordSweep(IDocumentStore store, string name, string parameter, IReadOnlyList<(System.Text.Json.JsonElement Value, PastRun Run)> runs)
    {
        var groupId = Guid.CreateVersion7();
        await using var session = store.LightweightSession();
        session.Events.StartStream<Group>(groupId,
            new GroupCreated(groupId, name, GroupKind.Sweep, null, [new GroupAxis(parameter, [.. runs.Select(run => run.Value)])], runs[0].Run.Spec, runs[0].Run.User, runs.Count));
        foreach (var (value, run) in runs)
        {
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Run>(id, [.. Events(id, run, groupId)]);
            session.Events.Append(groupId, new GroupRunSubmitted(id, new Dictionary<string, System.Text.Json.JsonElement> { [parameter] = value }));
        }
        await session.SaveChangesAsync();
        return groupId;
    }

    private static IEnumerable<object> Events(Guid id, PastRun run, Guid? group)
    {
        yield return new RunSubmitted(id, run.Spec, run.User, Group: group);
        yield return new RunQueued("recorded-by-test", "experiments");
        yield return new TrainingProgressed(1, 2, [new LossPoint(1, 3.0), new LossPoint(2, 2.5)]);
        yield return new EvaluationCompleted(1, run.Metrics, []);
        yield return new RunSucceeded(1);
        foreach (var tag in run.Tags ?? []) yield return new RunTagged(tag, run.User);
        if (run.Note is { } note) yield return new RunNoteAdded(note, run.User);
    }
}
