using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;
using Workbench.Runs.Grouping;
using Workbench.Engine.Recipes;
using Workbench.Engine.Creativity.Recipes;
using Workbench.Engine.BranchingFactor.Recipes;

namespace Workbench.Runs.Tests;

public sealed class RecipeTests
{
    public static TheoryData<string> Names => [.. RecipeBook.All.Select(recipe => recipe.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_recipe_submits_valid_distinct_specs_labelled_on_every_axis(string name)
    {
        var recipe = RecipeBook.Find(name)!;

        Assert.All(recipe.Runs, run => Assert.Empty(run.Spec.Validate()));
        Assert.Equal(recipe.Runs.Count, recipe.Runs.Select(run => run.Spec).Distinct().Count());
        var axes = recipe.Axes.Select(axis => axis.Name).ToList();
        Assert.All(recipe.Runs, run => Assert.Equal(axes, run.Parameters.Keys));
        Assert.Equal(recipe.Axes.Aggregate(1, (product, axis) => product * axis.Values.Count), recipe.Runs.Count);
        Assert.Contains("seed", axes);
        // The figure draws from the recipe's own axes and from metrics its kind records.
        Assert.All(recipe.Figure, panel =>
        {
            Assert.Contains(panel.Category, axes);
            if (panel.Series is not null) Assert.Contains(panel.Series, axes);
        });
        var plan = GroupPlan.Of(recipe);
        Assert.Equal((GroupKind.Recipe, name, recipe.Title), (plan.Kind, plan.Recipe, plan.Name));
    }

    [Fact]
    public void Fig_3_4_is_the_four_tasks_by_four_objectives_by_seeds_1_to_3_at_default_sizes_each_decoded_at_the_papers_sweep()
    {
        var specs = MultiTokenVsNextToken.Recipe.Runs.Select(run => (CreativitySpec)run.Spec).ToList();

        Assert.Equal(48, specs.Count);
        Assert.Equal(Enum.GetValues<CreativityTask>().ToHashSet(), specs.Select(spec => spec.Task).ToHashSet());
        Assert.Equal(Enum.GetValues<TrainingObjective>().ToHashSet(), specs.Select(spec => spec.Objective).ToHashSet());
        Assert.Equal([1, 2, 3], specs.Select(spec => spec.Seed).Distinct().Order());
        var defaults = new CreativitySpec
        {
            DecodeTemperatures = [0, 0.5, 1, 2], DecodeTopKs = [0, 50], EvaluationEvery = MultiTokenVsNextToken.EvaluationEvery,
        };
        Assert.All(specs, spec => Assert.Equal(defaults with { Task = spec.Task, Objective = spec.Objective, Seed = spec.Seed }, spec));
        Assert.All(specs, spec => Assert.Equal(8, spec.DecodingSettings.Count));
        Assert.Equal(["creativity", "creativity", "creativityReference", null], MultiTokenVsNextToken.Recipe.Figure.Select(panel => panel.BestSettingBy));
    }

    [Fact]
    public void Fig_5_6_pairs_sampling_without_a_prefix_against_seed_conditioning_every_model_at_every_setting()
    {
        var runs = SeedConditioningVsTemperature.Recipe.Runs;

        Assert.Equal(4 * 4 * 3, runs.Count);
        foreach (var run in runs)
        {
            var spec = (CreativitySpec)run.Spec;
            var method = run.Parameters["method"].GetString()!;
            Assert.Equal(method.StartsWith("next-token") ? TrainingObjective.NextToken : TrainingObjective.Teacherless, spec.Objective);
            if (method.Contains("seed-conditioned"))
                Assert.Equal((SeedConditioningVsTemperature.PrefixLength, 0.0, 16), (spec.SeedPrefixLength, spec.Temperature, spec.DecodingSettings.Count));
            else
                Assert.Equal((0, 1.0, 8), (spec.SeedPrefixLength, spec.Temperature, spec.DecodingSettings.Count));
        }
    }

    [Fact]
    public void The_prefix_length_ablation_trains_next_token_models_with_prefixes_of_0_to_16_tokens()
    {
        var specs = SeedPrefixLength.Recipe.Runs.Select(run => (CreativitySpec)run.Spec).ToList();

        Assert.Equal(4 * 6 * 3, specs.Count);
        Assert.Equal([0, 1, 2, 4, 8, 16], specs.Select(spec => spec.SeedPrefixLength).Distinct().Order());
        Assert.All(specs, spec => Assert.Equal((TrainingObjective.NextToken, 0.0, 4), (spec.Objective, spec.Temperature, spec.DecodingSettings.Count)));
    }

    [Fact]
    public void The_alignment_recipe_measures_base_and_aligned_bf_at_two_prompt_lengths_and_with_the_paper_decoding_and_every_study_over_seeds()
    {
        var runs = AlignmentShrinksHorizon.Recipe.Runs;
        var baseVsAligned = runs.Select(run => run.Spec).OfType<BranchingFactorSpec>().ToList();

        Assert.Equal(18, runs.Count);
        Assert.Equal([1, 4], baseVsAligned.Select(spec => spec.PromptWords).Distinct().Order());
        // The paper's own setting beside ours: top-p 0.9 at temperature 1 with the paper-compatible estimators.
        var paper = runs.Where(run => run.Parameters[AlignmentShrinksHorizon.Measurement].GetString() == AlignmentShrinksHorizon.PaperDecoding)
            .Select(run => (BranchingFactorSpec)run.Spec).ToList();
        Assert.Equal(3, paper.Count);
        Assert.All(paper, spec => Assert.Equal(BranchingFactorSpec.PaperDefaults with { PromptWords = 1, Seed = spec.Seed }, spec));
        Assert.All(paper, spec => Assert.Equal((0.9, 1.0, true), (spec.TopP, spec.Temperature, spec.PaperCompatible)));
        Assert.Equal(6, baseVsAligned.Count(spec => spec is { PaperCompatible: false, TopP: 1 }));
        Assert.Equal(3, runs.Count(run => run.Spec is ResamplingSpec));
        Assert.Equal(3, runs.Count(run => run.Spec is DecodingSensitivitySpec));
        Assert.Equal(3, runs.Count(run => run.Spec is FactorAnalysisSpec));
        Assert.All(runs.GroupBy(run => run.Parameters[AlignmentShrinksHorizon.Measurement].GetString()),
            measurement => Assert.Equal([1, 2, 3], measurement.Select(run => ((AlignedPairSpec)run.Spec).Seed)));
        // Every panel shows only measurements whose runs record its metrics.
        Assert.All(AlignmentShrinksHorizon.Recipe.Figure, panel => Assert.NotNull(panel.OnlyCategories));
        Assert.Equal("branchingFactor", ExperimentJson.KindOf(AlignmentShrinksHorizon.Recipe.BaseSpec));
    }

    [Fact]
    public void The_frontier_samples_next_token_and_diffusion_line_models_at_five_temperatures_over_seeds()
    {
        var specs = DiversityQualityFrontier.Recipe.Runs.Select(run => (CreativitySpec)run.Spec).ToList();

        Assert.Equal(30, specs.Count);
        Assert.All(specs, spec => Assert.Equal(CreativityTask.LineConstruction, spec.Task));
        Assert.Equal([0, 0.5, 1, 1.5, 2], specs.Select(spec => spec.Temperature).Distinct().Order());
        Assert.Equal([TrainingObjective.NextToken, TrainingObjective.Diffusion], specs.Select(spec => spec.Objective).Distinct());
        Assert.Equal(["creativity", "coherence", "uniqueness"], DiversityQualityFrontier.Recipe.Figure.SelectMany(panel => panel.Metrics));
    }

    [Fact]
    public void Recipe_names_are_unique_addresses()
    {
        Assert.Equal(RecipeBook.All.Count, RecipeBook.All.Select(recipe => recipe.Name).Distinct().Count());
        Assert.All(RecipeBook.All, recipe => Assert.Matches("^[a-z0-9-]+$", recipe.Name));
        Assert.Null(RecipeBook.Find("no-such-recipe"));
    }
}
