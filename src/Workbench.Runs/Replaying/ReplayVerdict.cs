using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine;
using Workbench.Runs.Executing;

namespace Workbench.Runs.Replaying;

public enum VerdictKind
{
    /// <summary>One of the two runs has not finished yet.</summary>
    Pending,
    /// <summary>Every result the original recorded is equal in the replay, bit for bit (a replay under a later version may report more metrics).</summary>
    Identical,
    /// <summary>Some result differs; <see cref="ReplayVerdict.FirstDivergence"/> says where first.</summary>
    Diverged,
}

/// <summary>The first recorded result, in stream order, where two runs differ.</summary>
/// <param name="Event">the event type that holds it, e.g. "training_progressed"</param>
/// <param name="Value">what differs, e.g. "loss at step 12" or "metric creativity"</param>
/// <param name="Difference">replay − original, for numbers</param>
public sealed record Divergence(string Event, string Value, string Original, string Replay, double? Difference);

/// <param name="Name">e.g. "threads", "code", "libtorch"</param>
public sealed record EnvironmentDifference(string Name, string Original, string Replay);

/// <summary>
/// How a run compares with the run it replays (or was cloned from): identical, or the first divergence,
/// with the differences in spec and environment listed beside it, and what is known to be nondeterministic.
/// Derived from the two event streams alone.
/// </summary>
public sealed record ReplayVerdict(
    Guid Original, Guid Replay, VerdictKind Kind, Divergence? FirstDivergence,
    IReadOnlyList<EnvironmentDifference> SpecDifferences,
    IReadOnlyList<EnvironmentDifference> EnvironmentDifferences,
    IReadOnlyList<string> Nondeterminism,
    int ComparedValues)
{
    /// <summary>Compares the last attempt of each run, result by result in the order the streams recorded them.</summary>
    public static ReplayVerdict Compare(Run original, IReadOnlyList<object> originalEvents, Run replay, IReadOnlyList<object> replayEvents)
    {
        var specDifferences = SpecDifferencesOf(original.Spec, replay.Spec);
        var environment = EnvironmentDifferencesOf(original, replay);
        var nondeterminism = new[] { original, replay }
            .Where(run => run.Environment?.Device == "cuda")
            .Select(run => $"Run {run.Id} computed on CUDA, whose kernels are not guaranteed bit-for-bit deterministic: differences may come from the device.")
            .ToList();
        if (original.Environment?.GenerationEngineVersion is { } recorded && replay.Environment?.GenerationEngineVersion is { } replayed && recorded != replayed)
            nondeterminism.Add($"The original sampled with generation engine {recorded}, the replay with {replayed}: the same seed may write other tokens " +
                               "under another engine version, so sampled outputs and the metrics computed from them may differ.");
        if (!original.IsFinished || !replay.IsFinished)
            return new(original.Id, replay.Id, VerdictKind.Pending, null, specDifferences, environment, nondeterminism, 0);

        var originalResults = Results(original, originalEvents);
        var replayResults = Results(replay, replayEvents);
        var compared = 0;
        foreach (var (key, value) in originalResults)
        {
            compared++;
            if (!replayResults.TryGetValue(key, out var other))
                return Diverged(new Divergence(key.Event, key.Value, value.Text, "(not recorded)", null));
            if (!value.Equals(other))
                return Diverged(new Divergence(key.Event, key.Value, value.Text, other.Text, other.Number - value.Number));
        }
        // A metric only the replay reports is one a later version added (e.g. the reference scores beside creativity's):
        // everything the original recorded is still compared, so it is not a divergence.
        var extra = replayResults.Keys.FirstOrDefault(key => !originalResults.ContainsKey(key) && !IsMetric(key));
        if (extra != default)
            return Diverged(new Divergence(extra.Event, extra.Value, "(not recorded)", replayResults[extra].Text, null));
        return new(original.Id, replay.Id, VerdictKind.Identical, null, specDifferences, environment, nondeterminism, compared);

        ReplayVerdict Diverged(Divergence divergence) =>
            new(original.Id, replay.Id, VerdictKind.Diverged, divergence, specDifferences, environment, nondeterminism, compared);
    }

    private readonly record struct ResultKey(string Event, string Value);

    private static bool IsMetric(ResultKey key) => key.Event == "evaluation_completed" && key.Value.StartsWith("metric ", StringComparison.Ordinal);

    private readonly record struct Result(string Text, double? Number)
    {
        public static Result Of(string text) => new(text, null);
        // Numbers compare by their bits: a replay is identical only if every double is.
        public static Result Of(double number) => new(number.ToString("R", CultureInfo.InvariantCulture), number);
    }

    /// <summary>Every result the run recorded in its last attempt, keyed by where it was recorded, in stream order.</summary>
    private static Dictionary<ResultKey, Result> Results(Run run, IReadOnlyList<object> events)
    {
        var results = new Dictionary<ResultKey, Result>();
        void Add(string @event, string value, Result result) => results.TryAdd(new ResultKey(@event, value), result);
        foreach (var data in events)
        {
            switch (data)
            {
                case DatasetGenerated generated when generated.Attempt == run.Attempt:
                    Add("dataset_generated", "content hash", Result.Of(generated.Dataset.ContentHash));
                    Add("dataset_generated", "training examples", Result.Of(generated.Dataset.TrainingExamples));
                    break;
                case TrainingProgressed progressed when progressed.Attempt == run.Attempt:
                    foreach (var point in progressed.Points)
                        Add("training_progressed", $"loss at step {point.Step}", Result.Of(point.Loss));
                    break;
                case CheckpointSaved saved when saved.Attempt == run.Attempt:
                    Add("checkpoint_saved", $"weights of {saved.Model} (SHA-256)", Result.Of(saved.Artifact));
                    break;
                case EvaluationCompleted evaluated when evaluated.Attempt == run.Attempt:
                    foreach (var (name, value) in evaluated.Metrics.OrderBy(metric => metric.Key, StringComparer.Ordinal))
                        Add("evaluation_completed", $"metric {name}", Result.Of(value));
                    if (evaluated.Details is not null) Add("evaluation_completed", "details (SHA-256)", Result.Of(evaluated.Details));
                    break;
            }
        }
        Add("run_ended", "status", Result.Of(run.Status.ToString()));
        return results;
    }

    private static List<EnvironmentDifference> EnvironmentDifferencesOf(Run original, Run replay)
    {
        var pairs = new (string Name, string? Original, string? Replay)[]
        {
            ("code", original.Code?.ToString(), replay.Code?.ToString()),
            ("TorchSharp", original.Environment?.TorchSharpVersion, replay.Environment?.TorchSharpVersion),
            ("libtorch", original.Environment?.LibTorchVersion, replay.Environment?.LibTorchVersion),
            ("device", original.Environment?.Device, replay.Environment?.Device),
            ("threads", original.Environment?.Threads.ToString(CultureInfo.InvariantCulture), replay.Environment?.Threads.ToString(CultureInfo.InvariantCulture)),
            ("generation engine", original.Environment?.GenerationEngineVersion.ToString(CultureInfo.InvariantCulture),
                replay.Environment?.GenerationEngineVersion.ToString(CultureInfo.InvariantCulture)),
            ("worker host", original.WorkerHost, replay.WorkerHost),
        };
        return [.. pairs.Where(pair => pair.Original != pair.Replay).Select(pair => new EnvironmentDifference(pair.Name, pair.Original ?? "–", pair.Replay ?? "–"))];
    }

    private static List<EnvironmentDifference> SpecDifferencesOf(ExperimentSpec original, ExperimentSpec replay)
    {
        var left = JsonSerializer.SerializeToNode(original, ExperimentJson.Options)!.AsObject();
        var right = JsonSerializer.SerializeToNode(replay, ExperimentJson.Options)!.AsObject();
        return [.. left.Select(pair => pair.Key).Union(right.Select(pair => pair.Key))
            .Select(name => new EnvironmentDifference(name, Text(left[name]), Text(right[name])))
            .Where(difference => difference.Original != difference.Replay)];

        static string Text(JsonNode? node) => node?.ToJsonString() ?? "–";
    }
}
