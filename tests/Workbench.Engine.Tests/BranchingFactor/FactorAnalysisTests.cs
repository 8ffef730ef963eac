using Workbench.Engine.BranchingFactor;

namespace Workbench.Engine.Tests.BranchingFactor;

public class FactorAnalysisTests
{
    private static readonly FactorAnalysisSpec Tiny = new()
    {
        Words = 8, Continuations = 6, PreferredContinuations = 1, EndProbability = 0.2, MaxWords = 6,
        PretrainingSequences = 400, PreferredSequences = 100, PretrainingSteps = 100, FineTuningSteps = 60, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, SmallWidth = 8, SmallDepth = 1, LearningRate = 1e-2, FineTuningLearningRate = 1e-2,
        Prompts = 3, PromptWords = 1, LongPromptWords = 3, SamplesPerPrompt = 20, Seed = 2,
    };

    public FactorAnalysisTests() => OneTorchThread.Configure();

    [Fact]
    public void Main_effects_are_differences_of_mean_log_bf_and_impacts_are_their_shares()
    {
        // ln BF = 1·aligned − 0.5·long + 0.25·large: effects 1, −0.5 and 0.25 whatever the other factors.
        var cells = (from aligned in new[] { false, true }
                     from isLong in new[] { false, true }
                     from large in new[] { false, true }
                     let logBf = (aligned ? 1 : 0) - (isLong ? 0.5 : 0) + (large ? 0.25 : 0)
                     select new FactorCell(aligned, isLong, large, new ModelBranchingFactor("cell", Math.Exp(logBf), Math.Exp(logBf), Math.Exp(logBf), 1, [], []))).ToList();

        var effects = FactorAnalysisExperiment.Effects(cells);

        Assert.Equal(["alignment", "promptLength", "modelSize"], effects.Select(effect => effect.Factor));
        Assert.Equal([1, -0.5, 0.25], effects.Select(effect => Math.Round(effect.LogEffect, 12)));
        Assert.Equal([1 / 1.75, 0.5 / 1.75, 0.25 / 1.75], effects.Select(effect => Math.Round(effect.NormalisedImpact, 12)), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Trains_two_sizes_measures_eight_cells_and_finds_alignment_the_largest_factor()
    {
        var observer = new StudyObserver();
        var outcome = FactorAnalysisExperiment.Run(Tiny, observer, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 320), observer.Steps.Select(step => step.Step));
        Assert.Equal(["small base", "small aligned", "large base", "large aligned"], observer.Checkpoints.Select(checkpoint => checkpoint.Model));
        Assert.Equal(8, outcome.Cells.Select(cell => (cell.Aligned, cell.LongPrompt, cell.LargeModel)).Distinct().Count());
        Assert.Equal(1, outcome.Effects.Sum(effect => effect.NormalisedImpact), 12);
        var alignment = outcome.Effects.Single(effect => effect.Factor == "alignment");
        Assert.True(alignment.LogEffect < 0, "aligning must lower BF");
        Assert.Equal(alignment, outcome.Effects.MaxBy(effect => effect.NormalisedImpact));
        Assert.Equal(alignment.NormalisedImpact, outcome.Metrics["alignmentImpact"]);
        Assert.Equal(outcome.Cells.Single(cell => cell is { Aligned: true, LongPrompt: false, LargeModel: true }).BranchingFactor.Reported, outcome.Metrics["bfAlignedShortLarge"]);
    }

    [Fact]
    public void Levels_that_do_not_differ_are_refused_per_field()
    {
        Assert.Contains(new FactorAnalysisSpec { PromptWords = 3, LongPromptWords = 3 }.Validate(), error => error.Field == "longPromptWords");
        Assert.Contains(new FactorAnalysisSpec { SmallWidth = 48, SmallDepth = 2 }.Validate(), error => error.Field == "smallWidth" && error.Message.Contains("narrower"));
        Assert.Contains(new FactorAnalysisSpec { SmallDepth = 3 }.Validate(), error => error.Field == "smallDepth");
        Assert.Contains(new FactorAnalysisSpec { SmallWidth = 18 }.Validate(), error => error.Field == "smallWidth" && error.Message.Contains("heads"));
        Assert.Empty(new FactorAnalysisSpec().Validate());
    }
}
