using Workbench.Engine.BranchingFactor;

namespace Workbench.Engine.Tests.BranchingFactor;

public class CheckpointBranchingFactorTests
{
    private static readonly BranchingFactorSpec Source = new()
    {
        Words = 8, Continuations = 6, PreferredContinuations = 1, EndProbability = 0.2, MaxWords = 6,
        PretrainingSequences = 400, PreferredSequences = 100, PretrainingSteps = 60, FineTuningSteps = 30, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, LearningRate = 1e-2, FineTuningLearningRate = 3e-3,
        Prompts = 3, PromptWords = 1, SamplesPerPrompt = 20, MinAliveSamples = 5, NudgeThreshold = 0, Seed = 2,
    };

    public CheckpointBranchingFactorTests() => OneTorchThread.Configure();

    [Fact]
    public void A_checkpoint_measured_with_its_runs_settings_and_seed_gives_the_bf_that_run_recorded()
    {
        var observer = new StudyObserver();
        var trained = BranchingFactorExperiment.Run(Source, observer, CancellationToken.None);
        var settings = new CheckpointBranchingFactorSpec
        {
            SourceRun = Guid.NewGuid(), SamplesPerPrompt = Source.SamplesPerPrompt, WindowSize = Source.WindowSize,
            MinAliveSamples = Source.MinAliveSamples, Seed = Source.Seed,
        };

        foreach (var (model, recorded) in new[] { ("base", "baseBf"), ("aligned", "alignedBf") })
        {
            var weights = observer.Checkpoints.Single(checkpoint => checkpoint.Model == model).Weights;
            var outcome = CheckpointBranchingFactorExperiment.Run(settings with { Model = model }, Source, weights, new StudyObserver(), CancellationToken.None);
            Assert.Equal(trained.Metrics[recorded], outcome.Metrics["bf"], 12);
            Assert.Equal(trained.Metrics["preferredSourceBf"], outcome.Metrics["preferredSourceBf"], 12);
        }
    }

    [Fact]
    public void Weights_of_another_shape_are_refused()
    {
        var observer = new StudyObserver();
        BranchingFactorExperiment.Run(Source with { PretrainingSteps = 1, FineTuningSteps = 1 }, observer, CancellationToken.None);
        var exception = Assert.Throws<ArgumentException>(() => CheckpointBranchingFactorExperiment.Run(
            new CheckpointBranchingFactorSpec { SourceRun = Guid.NewGuid(), SamplesPerPrompt = 5, MinAliveSamples = 5 },
            Source with { Width = 32 }, observer.Checkpoints[0].Weights, new StudyObserver(), CancellationToken.None));
        Assert.Contains("does not fit", exception.Message);
    }

    [Fact]
    public void A_factor_analysis_keeps_its_small_checkpoints_in_the_small_shape()
    {
        var spec = new FactorAnalysisSpec();
        Assert.Equal(spec.SmallWidth, spec.ShapeOf("small aligned").Width);
        Assert.Equal(spec.Width, spec.ShapeOf("large aligned").Width);
    }

    [Fact]
    public void The_source_must_be_a_run_id()
    {
        Assert.Contains(new CheckpointBranchingFactorSpec().Validate(), error => error.Field == "sourceRun");
        Assert.Contains(new CheckpointBranchingFactorSpec { SourceRun = Guid.Empty }.Validate(), error => error.Field == "sourceRun");
        Assert.Contains(ExperimentJson.ReadSpec("""{"kind": "bfCheckpoint", "sourceRun": "run 12"}""").Errors, error => error.Field == "sourceRun");
        Assert.Contains(new CheckpointBranchingFactorSpec { SourceRun = Guid.NewGuid(), Model = " " }.Validate(), error => error.Field == "model");
        Assert.Empty(new CheckpointBranchingFactorSpec { SourceRun = Guid.NewGuid() }.Validate());
    }
}
