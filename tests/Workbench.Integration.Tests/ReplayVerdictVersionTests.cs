using System.Text.Json.Nodes;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;
using Workbench.Runs;
using Workbench.Runs.Executing;
using Workbench.Runs.Replaying;

namespace Workbench.Integration.Tests;

/// <summary>
/// A replay by newer code that reports more than the original did: what only the replay has is new in this version, not
/// a divergence; what the original has must still be equal; a kind's known changes say why values moved.
/// </summary>
public sealed class ReplayVerdictVersionTests
{
    private static readonly TorchEnvironment OneThread = new("cpu", 1, "0.107.0", "2.10.0");

    [Fact]
    public void A_metric_only_the_replay_reports_is_new_in_this_version_and_the_rest_must_still_be_equal()
    {
        var (original, originalEvents) = Finished(new CreativitySpec(), new() { ["creativity"] = 0.25 });
        var (replay, replayEvents) = Finished(new CreativitySpec(), new() { ["creativity"] = 0.25, ["creativityReference"] = 0.3 });
        var (changed, changedEvents) = Finished(new CreativitySpec(), new() { ["creativity"] = 0.5, ["creativityReference"] = 0.3 });

        var identical = ReplayVerdict.Compare(original, originalEvents, replay, replayEvents);
        var diverged = ReplayVerdict.Compare(original, originalEvents, changed, changedEvents);
        // The other way round a metric is missing from the replay: that is a divergence.
        var lost = ReplayVerdict.Compare(replay, replayEvents, original, originalEvents);

        Assert.Equal(VerdictKind.Identical, identical.Kind);
        Assert.Equal(["metric creativityReference"], identical.NewInThisVersion);
        Assert.Empty(identical.KnownChanges);
        Assert.Equal(("metric creativity", "0.5"), (diverged.FirstDivergence!.Value, diverged.FirstDivergence.Replay));
        Assert.Equal(("metric creativityReference", "(not recorded)"), (lost.FirstDivergence!.Value, lost.FirstDivergence.Replay));
    }

    [Fact]
    public void Details_that_differ_only_by_members_the_original_never_had_are_identical_and_a_changed_value_is_named_by_its_path()
    {
        const string recorded = """{"metrics": {"bf": 2.5}, "base": {"monteCarlo": 2.5, "curve": [{"x": 0}, {"x": 1}]}}""";
        const string newer = """{"metrics": {"bf": 2.5, "ebf": 2.75}, "base": {"monteCarlo": 2.5, "ebfPerplexity": 2.75, "curve": [{"x": 0, "y": 1}, {"x": 1, "y": 2}]}}""";
        const string moved = """{"metrics": {"bf": 2.5, "ebf": 2.75}, "base": {"monteCarlo": 2.625, "ebfPerplexity": 2.75, "curve": [{"x": 0}, {"x": 1}]}}""";
        var documents = new Dictionary<string, JsonNode?> { ["recorded"] = JsonNode.Parse(recorded), ["newer"] = JsonNode.Parse(newer), ["moved"] = JsonNode.Parse(moved) };
        var (original, originalEvents) = Finished(new CreativitySpec(), new() { ["bf"] = 2.5 }, details: "recorded");
        var (replay, replayEvents) = Finished(new CreativitySpec(), new() { ["bf"] = 2.5, ["ebf"] = 2.75 }, details: "newer");
        var (changed, changedEvents) = Finished(new CreativitySpec(), new() { ["bf"] = 2.5, ["ebf"] = 2.75 }, details: "moved");

        var identical = ReplayVerdict.Compare(original, originalEvents, replay, replayEvents, hash => documents[hash]);
        var diverged = ReplayVerdict.Compare(original, originalEvents, changed, changedEvents, hash => documents[hash]);
        var unread = ReplayVerdict.Compare(original, originalEvents, replay, replayEvents);

        Assert.Equal(VerdictKind.Identical, identical.Kind);
        Assert.Equal(["metric ebf", "details base.curve[].y", "details base.ebfPerplexity", "details metrics.ebf"], identical.NewInThisVersion);
        Assert.Equal(new Divergence("evaluation_completed", "details base.monteCarlo", "2.5", "2.625", 0.125), diverged.FirstDivergence);
        // Without the documents only the hashes can be compared.
        Assert.Equal(("details (SHA-256)", "recorded", "newer"), (unread.FirstDivergence!.Value, unread.FirstDivergence.Original, unread.FirstDivergence.Replay));
    }

    [Fact]
    public void A_paper_compatible_branching_factor_run_recorded_before_the_reference_computation_is_told_why_its_BF_moved()
    {
        var paper = new BranchingFactorSpec { PaperCompatible = true };
        var (original, originalEvents) = Finished(paper, new() { ["baseBf"] = 6.0 });
        var (replay, replayEvents) = Finished(paper, new() { ["baseBf"] = 6.25, ["baseEbfPerplexity"] = 6.5 });
        var (current, currentEvents) = Finished(paper, new() { ["baseBf"] = 6.25, ["baseEbfPerplexity"] = 6.5 });

        var before = ReplayVerdict.Compare(original, originalEvents, replay, replayEvents);
        var since = ReplayVerdict.Compare(current, currentEvents, replay, replayEvents);

        Assert.Equal(("metric baseBf", VerdictKind.Diverged), (before.FirstDivergence!.Value, before.Kind));
        Assert.Contains("metric baseEbfPerplexity", before.NewInThisVersion);
        Assert.Contains(before.KnownChanges, change => change.Contains("paper-compatible") && change.Contains("authors' code"));
        // A run recorded since then already has the metric: nothing changed between the two.
        Assert.Equal(VerdictKind.Identical, since.Kind);
        Assert.Empty(since.KnownChanges);
    }

    private static (Run Run, IReadOnlyList<object> Events) Finished(ExperimentSpec spec, Dictionary<string, double> metrics, string details = "details")
    {
        var events = new object[]
        {
            new RunStarted(1, "host", "1", OneThread, new CodeVersion("abc", false), new Dictionary<string, long> { ["data"] = 1 }),
            new DatasetGenerated(1, new DatasetSummary(10, 40, "hash", 20)),
            new TrainingProgressed(1, 2, [new LossPoint(1, 3.0), new LossPoint(2, 2.0)]),
            new EvaluationCompleted(1, metrics, [], details),
        };
        var run = new Run
        {
            Id = Guid.NewGuid(), Spec = spec, Status = RunStatus.Succeeded, Attempt = 1,
            Environment = OneThread, Code = new CodeVersion("abc", false), WorkerHost = "host", Details = details,
        };
        return (run, events);
    }
}
