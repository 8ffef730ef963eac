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
                     select Cell(aligned, isLong, large, Math.Exp(logBf))).ToList();

        var effects = FactorAnalysisExperiment.Effects(cells);

        Assert.Equal(["alignment", "promptLength", "modelSize"], effects.Select(effect => effect.Factor));
        Assert.Equal([1, -0.5, 0.25], effects.Select(effect => Math.Round(effect.LogEffect, 12)));
        Assert.Equal([1 / 1.75, 0.5 / 1.75, 0.25 / 1.75], effects.Select(effect => Math.Round(effect.NormalisedImpact, 12)), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void The_Pareto_impact_is_the_mean_absolute_difference_between_level_means_as_a_percentage_as_the_reference_computes_it()
    {
        // Factor a has three levels with mean BFs 1, 2 and (4 + 4) / 2 = 4: mean method (|1−2| + |1−4| + |2−4|) / 3 = 2,
        // range 4 − 1 = 3. Factor b: (1 + 4) / 2 = 2.5 against (2 + 4) / 2 = 3, so 0.5 either way. Factor c has one level:
        // left out by the mean method, 0 by the range. Mean: 2 / 2.5 = 80 %, 20 %; range: 3 / 3.5, 0.5 / 3.5, 0.
        ParetoPoint Point(string a, string b, double bf) => new(new Dictionary<string, string> { ["a"] = a, ["b"] = b, ["c"] = "only" }, bf);
        ParetoPoint[] points = [Point("a1", "b1", 1), Point("a2", "b2", 2), Point("a3", "b1", 4), Point("a3", "b2", 4)];

        var mean = ParetoAnalysis.Impacts(points, ["a", "b", "c"]);
        var range = ParetoAnalysis.Impacts(points, ["a", "b", "c"], ParetoMethod.Range);

        Assert.Equal([("a", 2.0, 80.0), ("b", 0.5, 20.0)], mean.Select(impact => (impact.Factor, Math.Round(impact.Impact, 12), Math.Round(impact.Percent, 12))));
        Assert.Equal([("a", 3.0, 85.714286), ("b", 0.5, 14.285714), ("c", 0.0, 0.0)],
            range.Select(impact => (impact.Factor, Math.Round(impact.Impact, 12), Math.Round(impact.Percent, 6))));
    }

    [Fact]
    public void The_factor_analysis_takes_the_Pareto_impact_over_its_eight_cells_ebf_perplexity_in_BF_units()
    {
        // ebf_perplexity = 6 for base, 2 for aligned, + 0.5 with long prompts, + 0.25 for the large model: impacts 4, 0.5 and
        // 0.25 of 4.75 (84.2 %). On ln BF the same cells give alignment a smaller share (0.820): the small factors move the
        // aligned cells' low BF by a larger factor than the base cells' high one.
        var cells = (from aligned in new[] { false, true }
                     from isLong in new[] { false, true }
                     from large in new[] { false, true }
                     select Cell(aligned, isLong, large, (aligned ? 2 : 6) + (isLong ? 0.5 : 0) + (large ? 0.25 : 0))).ToList();

        var impacts = FactorAnalysisExperiment.ParetoImpacts(cells);

        Assert.Equal(["alignment", "promptLength", "modelSize"], impacts.Select(impact => impact.Factor));
        Assert.Equal([4 / 4.75 * 100, 0.5 / 4.75 * 100, 0.25 / 4.75 * 100], impacts.Select(impact => impact.Percent), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.True(FactorAnalysisExperiment.Effects(cells)[0].NormalisedImpact < impacts[0].Percent / 100);
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
        Assert.Equal(100, outcome.ParetoImpacts.Sum(impact => impact.Percent), 9);
        Assert.Equal("alignment", outcome.ParetoImpacts.MaxBy(impact => impact.Percent)!.Factor);
        Assert.Equal(outcome.ParetoImpacts[0].Percent, outcome.Metrics["alignmentParetoImpact"]);
        Assert.Equal(outcome.Cells.Single(cell => cell is { Aligned: true, LongPrompt: false, LargeModel: true }).BranchingFactor.EbfPerplexity,
            outcome.Metrics["ebfPerplexityAlignedShortLarge"]);
        Assert.Equal(outcome.Cells.Single(cell => cell is { Aligned: true, LongPrompt: false, LargeModel: true }).BranchingFactor.Reported, outcome.Metrics["bfAlignedShortLarge"]);
    }

    /// <summary>A cell whose every estimate is <paramref name="bf"/>.</summary>
    private static FactorCell Cell(bool aligned, bool isLong, bool large, double bf) =>
        new(aligned, isLong, large, new ModelBranchingFactor("cell", bf, bf, bf, bf, 1, [], []));

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
