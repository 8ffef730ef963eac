using System.Text.Json;
using Workbench.Engine.Creativity;

namespace Workbench.Engine.Tests;

/// <summary>
/// A run recorded as "teacherless" before the hybrid existed replays as it ran: its stored spec reads as parallel
/// teacherless, which computes bit for bit what that version computed.
/// </summary>
public class OldTeacherlessRunsTests
{
    public OldTeacherlessRunsTests() => TestTorch.Configure();

    /// <summary>The resolved spec <c>workbench run-local</c> printed at commit 2992a99 (before the hybrid), as the store holds it.</summary>
    private const string StoredBeforeTheHybrid = """
        {"kind": "creativity", "task": "circleConstruction", "objective": "teacherless", "parents": 10, "childrenPerParent": 40, "triangleNodes": 24,
         "edgeProbability": 0.4, "constructionNodes": 5, "structureNodes": 3, "trainingFraction": 0.5, "trainingSteps": 40, "batchSize": 16, "width": 32,
         "depth": 1, "heads": 2, "learningRate": 0.003, "seed": 4, "evaluationSamples": 24, "temperature": 0, "topK": 0, "seedPrefixLength": 3,
         "seedPrefixVocabulary": 8, "diffusionSteps": 0, "evaluationEvery": 0}
        """;

    /// <summary>What that version's run-local reported for it, one thread (greedy decoding, so the sampler's version does not matter).</summary>
    private const double FinalLossThen = 0.9095839262008667;

    private static readonly string[] SamplesThen =
    [
        "n1 n4 n4 n2 n2 n2 <eos>", "n2 n0 n0 n0 n0 n4 <eos>", "n1 n3 n1 n1 n2 n1 <eos>", "n3 n3 n1 n3 n3 n1 <eos>", "n1 n2 n1 n2 n2 n1 <eos>",
        "n1 n4 n1 n2 n2 n1 <eos>", "n2 n1 n1 n1 n1 n1 <eos>", "n2 n4 n4 n0 n0 n4 <eos>", "n1 n3 n1 n2 n2 n1 <eos>", "n3 n1 n1 n0 n0 n1 <eos>",
        "n1 n4 n1 n2 n2 n1 <eos>", "n1 n4 n4 n2 n2 n1 <eos>", "n3 n4 n4 n0 n0 n1 <eos>", "n1 n4 n1 n1 n2 n1 <eos>", "n1 n1 n1 n0 n0 n4 <eos>",
        "n1 n0 n0 n0 n0 n0 <eos>", "n3 n3 n0 n0 n0 n0 <eos>", "n1 n3 n1 n3 n3 n1 <eos>", "n1 n4 n4 n0 n0 n1 <eos>", "n1 n4 n1 n2 n2 n1 <eos>",
        "n2 n0 n0 n0 n0 n0 <eos>", "n1 n1 n1 n3 n3 n1 <eos>", "n4 n4 n0 n0 n0 n4 <eos>", "n4 n0 n0 n0 n0 n4 <eos>",
    ];

    [Fact]
    public void A_teacherless_run_stored_before_the_hybrid_replays_as_parallel_teacherless_bit_for_bit()
    {
        var spec = Assert.IsType<CreativitySpec>(JsonSerializer.Deserialize<ExperimentSpec>(StoredBeforeTheHybrid, ExperimentJson.StoredDataOptions));
        Assert.Equal(TrainingObjective.TeacherlessParallel, spec.Objective);

        var outcome = CreativityExperiment.Run(spec, new SilentObserver(), CancellationToken.None);

        Assert.Equal(FinalLossThen, outcome.FinalLoss);
        Assert.Equal(SamplesThen, outcome.Samples.Select(sample => sample.Text));
        Assert.Equal(2.0 / 24, outcome.Metrics.CreativityScore);
    }
}
