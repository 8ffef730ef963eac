using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
/// Derived from the two event streams (and, where their hashes differ, the two results' details).
/// </summary>
/// <param name="NewInThisVersion">what the replay reports that the original never recorded (its code is newer): metrics
/// ("metric baseEbfPerplexity") and members of the details ("details base.ebfPerplexity"); not a divergence</param>
/// <param name="KnownChanges">the kind's changes (<see cref="ExperimentKind.Changes"/>) made since the original was recorded:
/// why values may differ</param>
public sealed record ReplayVerdict(
    Guid Original, Guid Replay, VerdictKind Kind, Divergence? FirstDivergence,
    IReadOnlyList<EnvironmentDifference> SpecDifferences,
    IReadOnlyList<EnvironmentDifference> EnvironmentDifferences,
    IReadOnlyList<string> Nondeterminism,
    int ComparedValues,
    IReadOnlyList<string> NewInThisVersion,
    IReadOnlyList<string> KnownChanges)
{
    /// <summary>Compares the last attempt of each run, result by result in the order the streams recorded them.</summary>
    /// <param name="readDetails">the details document (JSON) of a hash, or null when it cannot be read; without it details
    /// compare by hash only</param>
    public static ReplayVerdict Compare(Run original, IReadOnlyList<object> originalEvents, Run replay, IReadOnlyList<object> replayEvents,
        Func<string, JsonNode?>? readDetails = null)
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
            return new(original.Id, replay.Id, VerdictKind.Pending, null, specDifferences, environment, nondeterminism, 0, [], []);

        var originalResults = Results(original, originalEvents);
        var replayResults = Results(replay, replayEvents);
        // A metric only the replay reports was added to the kind after the original was recorded: new, not a divergence.
        List<string> newInThisVersion = [.. replayResults.Keys.Where(key => !originalResults.ContainsKey(key) && key.IsMetric).Select(key => key.Value)];
        var knownChanges = KnownChangesOf(original.Spec, newInThisVersion);
        var compared = 0;
        foreach (var (key, value) in originalResults)
        {
            compared++;
            if (!replayResults.TryGetValue(key, out var other))
                return Diverged(new Divergence(key.Event, key.Value, value.Text, "(not recorded)", null));
            if (value.Equals(other)) continue;
            if (key == DetailsKey && readDetails?.Invoke(value.Text) is { } originalDetails && readDetails(other.Text) is { } replayDetails)
            {
                // The hash covers the whole document, also what only this version reports: compare what the original has.
                var added = new SortedSet<string>(StringComparer.Ordinal);
                if (DetailsDivergence(originalDetails, replayDetails, "", added) is { } divergence) return Diverged(divergence);
                newInThisVersion.AddRange(added.Select(path => $"details {path}"));
                continue;
            }
            return Diverged(new Divergence(key.Event, key.Value, value.Text, other.Text, other.Number - value.Number));
        }
        var extra = replayResults.Keys.FirstOrDefault(key => !originalResults.ContainsKey(key) && !key.IsMetric);
        if (extra != default)
            return Diverged(new Divergence(extra.Event, extra.Value, "(not recorded)", replayResults[extra].Text, null));
        return new(original.Id, replay.Id, VerdictKind.Identical, null, specDifferences, environment, nondeterminism, compared, newInThisVersion, knownChanges);

        ReplayVerdict Diverged(Divergence divergence) =>
            new(original.Id, replay.Id, VerdictKind.Diverged, divergence, specDifferences, environment, nondeterminism, compared, newInThisVersion, knownChanges);
    }

    private static readonly ResultKey DetailsKey = new("evaluation_completed", "details (SHA-256)");

    /// <summary>The changes of the original's kind first recorded with a metric the original lacks and the replay has.</summary>
    private static List<string> KnownChangesOf(ExperimentSpec spec, IReadOnlyList<string> newMetrics) =>
        [.. ExperimentKinds.All.Where(kind => kind.SpecType == spec.GetType())
            .SelectMany(kind => kind.Changes)
            .Where(change => newMetrics.Contains($"metric {change.FirstRecorded}"))
            .Select(change => change.Description)];

    /// <summary>
    /// The first value of the original's details that the replay's differs from (or lacks), depth first in the original's
    /// order; members only the replay has are collected in <paramref name="added"/> (array indices written as []).
    /// </summary>
    private static Divergence? DetailsDivergence(JsonNode? original, JsonNode? replay, string path, ISet<string> added)
    {
        Divergence Differs(string originalText, string replayText, double? difference = null) =>
            new("evaluation_completed", $"details {(path.Length == 0 ? "(the whole document)" : path)}", originalText, replayText, difference);

        switch (original, replay)
        {
            case (JsonObject left, JsonObject right):
                foreach (var (name, value) in left)
                {
                    var member = path.Length == 0 ? name : $"{path}.{name}";
                    if (!right.TryGetPropertyValue(name, out var other))
                        return new Divergence("evaluation_completed", $"details {member}", Text(value), "(not recorded)", null);
                    if (DetailsDivergence(value, other, member, added) is { } divergence) return divergence;
                }
                foreach (var (name, _) in right.Where(pair => !left.ContainsKey(pair.Key)))
                    added.Add(Regex.Replace(path.Length == 0 ? name : $"{path}.{name}", @"\[\d+\]", "[]"));
                return null;
            case (JsonArray left, JsonArray right):
                if (left.Count != right.Count) return Differs($"{left.Count} items", $"{right.Count} items");
                for (var i = 0; i < left.Count; i++)
                    if (DetailsDivergence(left[i], right[i], $"{path}[{i}]", added) is { } divergence) return divergence;
                return null;
            default:
                var (originalText, replayText) = (Text(original), Text(replay));
                if (originalText == replayText) return null;
                double? difference = original is JsonValue a && replay is JsonValue b && a.TryGetValue<double>(out var x) && b.TryGetValue<double>(out var y) ? y - x : null;
                return Differs(originalText, replayText, difference);
        }

        static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
    }

    private readonly record struct ResultKey(string Event, string Value)
    {
        public bool IsMetric => Event == "evaluation_completed" && Value.StartsWith("metric ", StringComparison.Ordinal);
    }

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
