using Workbench.Engine.BranchingFactor;

namespace Workbench.Engine.Tests.BranchingFactor;

public class BranchingFactorExperimentTests
{
    private static readonly BranchingFactorSpec Tiny = new()
    {
        Words = 8, Continuations = 6, PreferredContinuations = 1, EndProbability = 0.2, MaxWords = 6,
        PretrainingSequences = 400, PreferredSequences = 100, PretrainingSteps = 120, FineTuningSteps = 60, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, LearningRate = 1e-2, FineTuningLearningRate = 3e-3,
        Prompts = 3, PromptWords = 1, SamplesPerPrompt = 20, MinAliveSamples = 5, Seed = 2,
    };

    public BranchingFactorExperimentTests() => OneTorchThread.Configure();

    [Fact]
    public void Reports_the_dataset_then_every_step_of_both_phases_and_measures_both_models()
    {
        var observer = new RecordingObserver();
        var outcome = BranchingFactorExperiment.Run(Tiny, observer, CancellationToken.None);

        var dataset = Assert.Single(observer.Datasets);
        Assert.Equal(0, dataset.StepsSeenBefore);
        Assert.Equal(500, dataset.Summary.TrainingExamples);
        Assert.Equal(3 + 8, dataset.Summary.VocabularySize);
        Assert.Matches("^[0-9a-f]{64}$", dataset.Summary.ContentHash);
        Assert.Equal(Enumerable.Range(1, 180), observer.Steps.Select(step => step.Step));
        Assert.All(observer.Steps, step => Assert.Equal(180, step.TotalSteps));
        Assert.Equal(observer.Steps[119].Loss, outcome.FinalPretrainingLoss);
        Assert.Equal(observer.Steps[^1].Loss, outcome.FinalFineTuningLoss);
        Assert.Equal([("base", 120), ("aligned", 180)], observer.Checkpoints.Select(c => (c.Model, c.Step)));
        Assert.NotEqual(observer.Checkpoints[0].Weights, observer.Checkpoints[1].Weights);

        Assert.Equal(outcome.Base.Reported, outcome.Metrics["baseBf"]);
        Assert.Equal(outcome.Aligned.Reported, outcome.Metrics["alignedBf"]);
        Assert.Equal(outcome.Base.Reported / outcome.Aligned.Reported, outcome.Metrics["bfRatio"]);
        Assert.Equal(Tiny.Prompts, outcome.Base.PerPrompt.Count);
        Assert.Equal(outcome.Base.PerPrompt.Average(), outcome.Base.Reported, 12);
        Assert.NotEmpty(outcome.Base.Curve);
        Assert.NotEmpty(outcome.Aligned.Curve);
        Assert.All(outcome.Metrics.Values, value => Assert.True(double.IsFinite(value)));
        // Fine-tuning on a subset with one preferred continuation per word must narrow the model.
        Assert.True(outcome.Aligned.Reported < outcome.Base.Reported, $"aligned {outcome.Aligned.Reported:F2}, base {outcome.Base.Reported:F2}");
        Assert.True(outcome.PreferredSource.Reported < outcome.BroadSource.Reported);

        var nudging = Assert.IsType<NudgingOutcome>(outcome.Nudging);
        Assert.Equal(nudging.BranchingFactor.Reported, outcome.Metrics["nudgedBf"]);
        Assert.InRange(outcome.Metrics["nudgedFraction"], 0, 1);
        Assert.Equal(Tiny.Prompts * Tiny.SamplesPerPrompt, nudging.TokensByPosition[0]);
        Assert.All(nudging.NudgesByPosition.Zip(nudging.TokensByPosition), pair => Assert.InRange(pair.First, 0, pair.Second));
    }

    [Fact]
    public void Without_a_nudge_threshold_nudging_is_not_measured()
    {
        var outcome = BranchingFactorExperiment.Run(Tiny with { NudgeThreshold = 0, PretrainingSteps = 2, FineTuningSteps = 2 }, new RecordingObserver(), CancellationToken.None);
        Assert.Null(outcome.Nudging);
        Assert.False(outcome.Metrics.ContainsKey("nudgedBf"));
    }

    [Fact]
    public void Custom_prompts_and_preferred_corpus_replace_the_generated_ones()
    {
        var spec = Tiny with { CustomPrompts = ["w1", "w2 w3"], PreferredCorpus = ["w4 w4", "w5"] };
        var data = AlignedPair.CreateData(spec);
        Assert.Equal([[1, 4], [1, 5, 6]], data.Prompts);
        Assert.Equal([[7, 7, 2], [8, 2]], data.FineTuning.Select(example => example.Answer));
        Assert.Equal(Tiny.PretrainingSequences + 2, data.Summary.TrainingExamples);

        var outcome = BranchingFactorExperiment.Run(spec with { PretrainingSteps = 2, FineTuningSteps = 2 }, new RecordingObserver(), CancellationToken.None);
        Assert.Equal(2 * Tiny.SamplesPerPrompt, outcome.Nudging!.TokensByPosition[0]);
    }

    [Fact]
    public void The_same_spec_gives_the_same_outcome_bit_for_bit()
    {
        var (firstObserver, secondObserver) = (new RecordingObserver(), new RecordingObserver());
        var first = BranchingFactorExperiment.Run(Tiny, firstObserver, CancellationToken.None);
        var second = BranchingFactorExperiment.Run(Tiny, secondObserver, CancellationToken.None);

        Assert.Equal(firstObserver.Datasets, secondObserver.Datasets);
        Assert.Equal(firstObserver.Steps, secondObserver.Steps);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(first.Base.Curve, second.Base.Curve);
        Assert.Equal(first.Aligned.Curve, second.Aligned.Curve);
        Assert.Equal(first.Aligned.PerPrompt, second.Aligned.PerPrompt);
    }

    [Fact]
    public void A_different_seed_gives_different_data()
    {
        var first = AlignedPair.CreateData(Tiny);
        var second = AlignedPair.CreateData(Tiny with { Seed = 3 });
        Assert.NotEqual(first.Summary.ContentHash, second.Summary.ContentHash);
        Assert.Equal(first.Summary, AlignedPair.CreateData(Tiny).Summary);
    }

    [Fact]
    public void Cancelling_stops_before_the_next_step()
    {
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver { OnStep = step => { if (step.Step == 3) cancellation.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => BranchingFactorExperiment.Run(Tiny, observer, cancellation.Token));
        Assert.Equal(3, observer.Steps.Count);
    }

    [Fact]
    public void An_invalid_spec_is_refused_before_anything_runs()
    {
        var observer = new RecordingObserver();
        var exception = Assert.Throws<ArgumentException>(() => BranchingFactorExperiment.Run(Tiny with { TopP = 0 }, observer, CancellationToken.None));
        Assert.Contains("topP", exception.Message);
        Assert.Empty(observer.Datasets);
    }

    private sealed class RecordingObserver : IExperimentObserver
    {
        public List<(DatasetSummary Summary, int StepsSeenBefore)> Datasets { get; } = [];
        public List<TrainingStep> Steps { get; } = [];
        public Action<TrainingStep>? OnStep { get; init; }

        public List<ModelCheckpoint> Checkpoints { get; } = [];

        public void DatasetGenerated(DatasetSummary dataset) => Datasets.Add((dataset, Steps.Count));

        public void ModelTrained(ModelCheckpoint checkpoint) => Checkpoints.Add(checkpoint);

        public void TrainingStepCompleted(TrainingStep step)
        {
            Steps.Add(step);
            OnStep?.Invoke(step);
        }
    }
}
