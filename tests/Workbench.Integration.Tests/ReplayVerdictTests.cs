using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Engine.Generation;
using Workbench.Runs;
using Workbench.Runs.Executing;
using Workbench.Runs.Replaying;

namespace Workbench.Integration.Tests;

/// <summary>The verdict from two streams alone: given these events, this verdict.</summary>
public sealed class ReplayVerdictTests
{
    private static readonly TorchEnvironment OneThread = new("cpu", 1, "0.107.0", "2.10.0");

    [Fact]
    public void Equal_results_are_identical_and_environment_differences_are_still_listed()
    {
        var (original, originalEvents) = Finished(OneThread, losses: [3.0, 2.5, 2.0]);
        var (replay, replayEvents) = Finished(OneThread with { Threads = 2 }, losses: [3.0, 2.5, 2.0]);

        var verdict = ReplayVerdict.Compare(original, originalEvents, replay, replayEvents);

        Assert.Equal(VerdictKind.Identical, verdict.Kind);
        Assert.Equal([new EnvironmentDifference("threads", "1", "2")], verdict.EnvironmentDifferences);
    }

    [Fact]
    public void The_first_differing_loss_is_reported_with_its_step_and_difference_not_the_later_ones()
    {
        var (original, originalEvents) = Finished(OneThread, losses: [3.0, 2.5, 2.0], creativity: 0.25);
        var (replay, replayEvents) = Finished(OneThread with { Threads = 2 }, losses: [3.0, 2.5000001, 2.1], creativity: 0.5);

        var verdict = ReplayVerdict.Compare(original, originalEvents, replay, replayEvents);

        Assert.Equal(VerdictKind.Diverged, verdict.Kind);
        var divergence = verdict.FirstDivergence!;
        Assert.Equal(("training_progressed", "loss at step 2"), (divergence.Event, divergence.Value));
        Assert.Equal(1e-7, divergence.Difference!.Value, 1e-12);
        Assert.Equal(4, verdict.ComparedValues); // the dataset's two values, then the losses of steps 1 and 2
    }

    [Fact]
    public void A_run_on_cuda_is_flagged_as_possibly_nondeterministic_and_an_unfinished_replay_is_pending()
    {
        var (original, originalEvents) = Finished(OneThread with { Device = "cuda" }, losses: [1.0]);
        var (replay, replayEvents) = Finished(OneThread, losses: [1.0]);
        replay.Status = RunStatus.Running;

        var verdict = ReplayVerdict.Compare(original, originalEvents, replay, replayEvents);

        Assert.Equal(VerdictKind.Pending, verdict.Kind);
        Assert.Single(verdict.Nondeterminism);
        Assert.Contains(new EnvironmentDifference("device", "cuda", "cpu"), verdict.EnvironmentDifferences);
    }

    [Fact]
    public void A_metric_only_a_later_version_reports_is_no_divergence_but_one_the_replay_lost_is()
    {
        var (original, originalEvents) = Finished(OneThread, losses: [1.0]);
        var (replay, replayEvents) = Finished(OneThread, losses: [1.0], extraMetric: "coherenceReference");
        Assert.Equal(VerdictKind.Identical, ReplayVerdict.Compare(original, originalEvents, replay, replayEvents).Kind);

        var lost = ReplayVerdict.Compare(replay, replayEvents, original, originalEvents);
        Assert.Equal(VerdictKind.Diverged, lost.Kind);
        Assert.Equal(("evaluation_completed", "metric coherenceReference", "(not recorded)"), (lost.FirstDivergence!.Event, lost.FirstDivergence.Value, lost.FirstDivergence.Replay));
    }

    [Fact]
    public void A_run_recorded_by_an_older_generation_engine_and_replayed_by_this_one_names_the_version_difference()
    {
        var (original, originalEvents) = Finished(OneThread with { GenerationEngineVersion = 1 }, losses: [3.0, 2.0], creativity: 0.25);
        var (same, sameEvents) = Finished(OneThread with { GenerationEngineVersion = GenerationEngine.Version }, losses: [3.0, 2.0], creativity: 0.25);
        var (other, otherEvents) = Finished(OneThread with { GenerationEngineVersion = GenerationEngine.Version }, losses: [3.0, 2.0], creativity: 0.5);

        var identical = ReplayVerdict.Compare(original, originalEvents, same, sameEvents);
        var diverged = ReplayVerdict.Compare(original, originalEvents, other, otherEvents);

        Assert.Equal(VerdictKind.Identical, identical.Kind);
        Assert.Equal(VerdictKind.Diverged, diverged.Kind);
        Assert.Equal(("evaluation_completed", "metric creativity"), (diverged.FirstDivergence!.Event, diverged.FirstDivergence.Value));
        foreach (var verdict in new[] { identical, diverged })
        {
            Assert.Equal([new EnvironmentDifference("generation engine", "1", GenerationEngine.Version.ToString())], verdict.EnvironmentDifferences);
            Assert.Contains(verdict.Nondeterminism, note => note.Contains("generation engine 1") && note.Contains($"with {GenerationEngine.Version}"));
        }
    }

    [Fact]
    public void An_environment_recorded_before_the_generation_engine_had_a_version_reads_as_version_1()
    {
        var recorded = JsonSerializer.Deserialize<TorchEnvironment>(
            """{"device": "cpu", "threads": 1, "torchSharpVersion": "0.107.0", "libTorchVersion": "2.10.0"}""", ExperimentJson.Options);
        Assert.Equal(OneThread with { GenerationEngineVersion = 1 }, recorded);
    }

    private static (Run Run, IReadOnlyList<object> Events) Finished(TorchEnvironment environment, double[] losses, double creativity = 0.25, string? extraMetric = null)
    {
        var points = losses.Select((loss, index) => new LossPoint(index + 1, loss)).ToList();
        var events = new object[]
        {
            new RunStarted(1, "host", "1", environment, new CodeVersion("abc", false), new Dictionary<string, long> { ["data"] = 1 }),
            new DatasetGenerated(1, new DatasetSummary(10, 40, "hash", 20)),
            new TrainingProgressed(1, losses.Length, points),
            new CheckpointSaved(1, "model", losses.Length, "weights", 100),
            new EvaluationCompleted(1, extraMetric is null
                ? new Dictionary<string, double> { ["creativity"] = creativity }
                : new Dictionary<string, double> { ["creativity"] = creativity, [extraMetric] = 0.5 }, [], "details"),
        };
        var run = new Run
        {
            Id = Guid.NewGuid(), Spec = new CreativitySpec(), Status = RunStatus.Succeeded, Attempt = 1,
            Environment = environment, Code = new CodeVersion("abc", false), WorkerHost = "host",
        };
        return (run, events);
    }
}
