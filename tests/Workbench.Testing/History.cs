using Marten;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Annotating;
using Workbench.Runs.Executing;
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
            session.Events.StartStream<Run>(id, [.. Events(id, run)]);
        }
        await session.SaveChangesAsync();
        return ids;
    }

    private static IEnumerable<object> Events(Guid id, PastRun run)
    {
        yield return new RunSubmitted(id, run.Spec, run.User);
        yield return new RunQueued("recorded-by-test", "experiments");
        yield return new TrainingProgressed(1, 2, [new LossPoint(1, 3.0), new LossPoint(2, 2.5)]);
        yield return new EvaluationCompleted(1, run.Metrics, []);
        yield return new RunSucceeded(1);
        foreach (var tag in run.Tags ?? []) yield return new RunTagged(tag, run.User);
        if (run.Note is { } note) yield return new RunNoteAdded(note, run.User);
    }
}
