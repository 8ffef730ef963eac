using Workbench.Engine.Creativity;

namespace Workbench.Engine.Tests;

public class CreativityExperimentTests
{
    private static readonly CreativitySpec Tiny = new()
    {
        Parents = 3, ChildrenPerParent = 6, TrainingFraction = 0.4, TrainingSteps = 30, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, EvaluationSamples = 48, Seed = 7,
    };

    public CreativityExperimentTests() => TestTorch.Configure();

    [Fact]
    public void Reports_the_dataset_then_every_training_step()
    {
        var observer = new RecordingObserver();
        var outcome = CreativityExperiment.Run(Tiny, observer, CancellationToken.None);

        var dataset = Assert.Single(observer.Datasets);
        Assert.Equal(0, dataset.StepsSeenBefore);
        Assert.Equal(18, dataset.Summary.TrainingExamples);   // round(0.4 × 45)
        Assert.Equal(3 * 15, dataset.Summary.ValidAnswers);
        Assert.Equal(3 + 3 + 18, dataset.Summary.VocabularySize);
        Assert.Matches("^[0-9a-f]{64}$", dataset.Summary.ContentHash);
        Assert.Equal(Enumerable.Range(1, 30), observer.Steps.Select(step => step.Step));
        Assert.All(observer.Steps, step => Assert.Equal(30, step.TotalSteps));
        Assert.Equal(observer.Steps[^1].Loss, outcome.FinalLoss);
        Assert.Equal(30, Assert.Single(observer.Trained).Step);
        Assert.NotEmpty(observer.Trained[0].Weights);
        Assert.Equal(48, outcome.Metrics.Generated);
        Assert.Equal(48, outcome.Samples.Count);
    }

    [Fact]
    public void The_same_spec_gives_the_same_outcome_bit_for_bit()
    {
        var firstObserver = new RecordingObserver();
        var secondObserver = new RecordingObserver();
        var first = CreativityExperiment.Run(Tiny, firstObserver, CancellationToken.None);
        var second = CreativityExperiment.Run(Tiny, secondObserver, CancellationToken.None);

        Assert.Equal(firstObserver.Datasets.Single().Summary, secondObserver.Datasets.Single().Summary);
        Assert.Equal(firstObserver.Steps, secondObserver.Steps);
        Assert.Equal(firstObserver.Trained.Single().Weights, secondObserver.Trained.Single().Weights);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(first.Samples, second.Samples);
        Assert.Equal(first.FinalLoss, second.FinalLoss);
    }

    [Fact]
    public void A_different_seed_gives_different_data_and_samples()
    {
        var firstObserver = new RecordingObserver();
        var secondObserver = new RecordingObserver();
        var first = CreativityExperiment.Run(Tiny, firstObserver, CancellationToken.None);
        var second = CreativityExperiment.Run(Tiny with { Seed = 8 }, secondObserver, CancellationToken.None);

        Assert.NotEqual(firstObserver.Datasets.Single().Summary.ContentHash, secondObserver.Datasets.Single().Summary.ContentHash);
        Assert.NotEqual(first.Samples, second.Samples);
    }

    public static TheoryData<CreativityTask, TrainingObjective, int, double> Variants => new()
    {
        { CreativityTask.TriangleDiscovery, TrainingObjective.NextToken, 2, 1.0 },
        { CreativityTask.CircleConstruction, TrainingObjective.Teacherless, 3, 0.0 },
        { CreativityTask.TriangleDiscovery, TrainingObjective.Teacherless, 0, 1.0 },
        { CreativityTask.SiblingDiscovery, TrainingObjective.TeacherlessParallel, 2, 0.0 },
        { CreativityTask.LineConstruction, TrainingObjective.Diffusion, 2, 0.5 },
        { CreativityTask.SiblingDiscovery, TrainingObjective.Diffusion, 0, 1.0 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_task_and_objective_is_repeatable_bit_for_bit_with_seed_prefixes(CreativityTask task, TrainingObjective objective, int prefix, double temperature)
    {
        var spec = Tiny with
        {
            Task = task, Objective = objective, SeedPrefixLength = prefix, SeedPrefixVocabulary = 8, Temperature = temperature, TopK = 5,
            TriangleNodes = 10, EdgeProbability = 0.5, ConstructionNodes = 5, StructureNodes = 3, TrainingSteps = 10, EvaluationSamples = 32,
        };
        var firstObserver = new RecordingObserver();
        var secondObserver = new RecordingObserver();
        var first = CreativityExperiment.Run(spec, firstObserver, CancellationToken.None);
        var second = CreativityExperiment.Run(spec, secondObserver, CancellationToken.None);

        Assert.Equal(firstObserver.Steps, secondObserver.Steps);
        Assert.Equal(first.Samples, second.Samples);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(first.Seeds, second.Seeds);
        var other = CreativityExperiment.Run(spec with { Seed = 8 }, new RecordingObserver(), CancellationToken.None);
        Assert.NotEqual(first.FinalLoss, other.FinalLoss);
    }

    [Fact]
    public void Sub_seeds_are_recorded_and_derived_from_the_seed_alone()
    {
        var outcome = CreativityExperiment.Run(Tiny with { TrainingSteps = 1, EvaluationSamples = 4 }, new RecordingObserver(), CancellationToken.None);
        Assert.Equal(SeedPlan.From(7), outcome.Seeds);
        Assert.Equal(7, outcome.Seeds.Task);
        Assert.Equal(3, new[] { outcome.Seeds.TrainingPrefixes, outcome.Seeds.EvaluationPrefixes, outcome.Seeds.DiffusionNoise }.Distinct().Count());
        Assert.NotEqual(SeedPlan.From(8).TrainingPrefixes, outcome.Seeds.TrainingPrefixes);
    }

    [Fact]
    public void Evaluates_at_checkpoints_without_changing_the_final_result()
    {
        var observer = new RecordingObserver();
        var withCheckpoints = CreativityExperiment.Run(Tiny with { EvaluationEvery = 12 }, observer, CancellationToken.None);
        var without = CreativityExperiment.Run(Tiny, new RecordingObserver(), CancellationToken.None);

        Assert.Equal([12, 24, 30], observer.Checkpoints.Select(checkpoint => checkpoint.Step));
        Assert.All(observer.Checkpoints, checkpoint => Assert.Equal(Tiny.EvaluationSamples, checkpoint.Metrics["generated"]));
        Assert.Equal(withCheckpoints.Metrics.ByName(), observer.Checkpoints[^1].Metrics);
        Assert.Equal(without.Metrics, withCheckpoints.Metrics);
        Assert.Equal(without.Samples, withCheckpoints.Samples);
    }

    [Fact]
    public void Without_checkpoints_nothing_is_evaluated_during_training()
    {
        var observer = new RecordingObserver();
        CreativityExperiment.Run(Tiny with { TrainingSteps = 3 }, observer, CancellationToken.None);
        Assert.Empty(observer.Checkpoints);
    }

    [Fact]
    public void Cancelling_stops_before_the_next_step()
    {
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver { OnStep = step => { if (step.Step == 3) cancellation.Cancel(); } };

        Assert.ThrowsAny<OperationCanceledException>(() => CreativityExperiment.Run(Tiny, observer, cancellation.Token));
        Assert.Equal(3, observer.Steps.Count);
    }

    [Fact]
    public void An_invalid_spec_is_refused_before_anything_runs()
    {
        var observer = new RecordingObserver();
        var exception = Assert.Throws<ArgumentException>(() => CreativityExperiment.Run(Tiny with { Heads = 3 }, observer, CancellationToken.None));
        Assert.Contains("heads", exception.Message);
        Assert.Empty(observer.Datasets);
    }

    [Fact]
    public void The_runtime_reports_where_and_with_what_it_computes()
    {
        var environment = TorchRuntime.Configure(threads: 1);
        try
        {
            Assert.Equal(1, environment.Threads);
            Assert.Contains(environment.Device, new[] { "cpu", "cuda" });
            Assert.Equal("0.107.0", environment.TorchSharpVersion);
            Assert.Matches(@"^\d+\.\d+\.\d+$", environment.LibTorchVersion);
        }
        finally
        {
            TestTorch.Configure();
        }
    }

    private sealed class RecordingObserver : IExperimentObserver
    {
        public List<(DatasetSummary Summary, int StepsSeenBefore)> Datasets { get; } = [];
        public List<TrainingStep> Steps { get; } = [];
        public List<CheckpointEvaluation> Checkpoints { get; } = [];
        public Action<TrainingStep>? OnStep { get; init; }

        public void CheckpointEvaluated(CheckpointEvaluation checkpoint) => Checkpoints.Add(checkpoint);

        public void DatasetGenerated(DatasetSummary dataset) => Datasets.Add((dataset, Steps.Count));

        public List<ModelCheckpoint> Trained { get; } = [];

        public void TrainingStepCompleted(TrainingStep step)
        {
            Steps.Add(step);
            OnStep?.Invoke(step);
        }

        public void ModelTrained(ModelCheckpoint checkpoint) => Trained.Add(checkpoint);
    }
}
