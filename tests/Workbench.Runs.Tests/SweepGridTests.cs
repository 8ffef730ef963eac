using System.Text.Json;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;
using Workbench.Runs.Grouping;

namespace Workbench.Runs.Tests;

public sealed class SweepGridTests
{
    private static GroupAxis Axis(string parameter, params object[] values) =>
        new(parameter, [.. values.Select(value => JsonSerializer.SerializeToElement(value))]);

    [Fact]
    public void The_grid_is_the_cartesian_product_with_every_parameter_set_on_the_base_spec()
    {
        var baseSpec = new CreativitySpec { TrainingSteps = 50, Width = 16, Heads = 2 };

        var result = SweepGrid.Plan("objectives", baseSpec,
            [Axis("objective", "nextToken", "teacherless", "diffusion"), Axis("seedPrefixLength", 0, 4), Axis("temperature", 0.5, 1.0), Axis("seed", 1, 2)]);

        Assert.Empty(result.Errors);
        var runs = result.Plan!.Runs;
        Assert.Equal(3 * 2 * 2 * 2, runs.Count);
        var specs = runs.Select(run => (CreativitySpec)run.Spec).ToList();
        Assert.Equal(24, specs.Distinct().Count());
        Assert.All(specs, spec => Assert.Equal((50, 16, 2), (spec.TrainingSteps, spec.Width, spec.Heads)));
        // The last axis varies fastest, and each run's parameters say exactly what was set on its spec.
        Assert.Equal([1, 2, 1, 2], specs.Take(4).Select(spec => spec.Seed));
        Assert.Equal(TrainingObjective.Diffusion, specs[^1].Objective);
        Assert.Equal((4, 1.0, 2), (specs[^1].SeedPrefixLength, specs[^1].Temperature, specs[^1].Seed));
        foreach (var (run, spec) in runs.Zip(specs))
        {
            Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(spec.Objective.ToString()), run.Parameters["objective"].GetString());
            Assert.Equal(spec.SeedPrefixLength, run.Parameters["seedPrefixLength"].GetInt32());
            Assert.Equal(spec.Temperature, run.Parameters["temperature"].GetDouble());
            Assert.Equal(spec.Seed, run.Parameters["seed"].GetInt32());
        }
        Assert.Equal(GroupKind.Sweep, result.Plan.Kind);
        Assert.Equal(["objective", "seedPrefixLength", "temperature", "seed"], result.Plan.Axes.Select(axis => axis.Parameter));
    }

    [Fact]
    public void Any_kind_can_be_swept_by_its_own_parameters()
    {
        var result = SweepGrid.Plan("bf", new BranchingFactorSpec(), [Axis("topP", 0.5, 0.9, 1.0), Axis("paperCompatible", true, false)]);

        Assert.Empty(result.Errors);
        Assert.Equal([0.5, 0.5, 0.9, 0.9, 1.0, 1.0], result.Plan!.Runs.Select(run => ((BranchingFactorSpec)run.Spec).TopP));
        Assert.Equal([true, false], result.Plan.Runs.Take(2).Select(run => ((BranchingFactorSpec)run.Spec).PaperCompatible));
    }

    [Theory]
    [InlineData("temperature", 7.0, "axes.temperature", "temperature = 7: must be between 0 and 5")]
    [InlineData("trainingSteps", 0, "axes.trainingSteps", "trainingSteps = 0: must be between 1 and 2000000")]
    [InlineData("seed", 1.5, "axes.seed", "seed = 1.5: must be a whole number")]
    [InlineData("objective", "guessing", "axes.objective", "objective = guessing: must be one of: nextToken, teacherless, diffusion")]
    [InlineData("temprature", 1.0, "axes.temprature", "'temprature' is not a parameter of a creativity spec")]
    [InlineData("kind", "branchingFactor", "axes.kind", "'kind' is not a parameter of a creativity spec")]
    public void A_bad_value_or_unknown_parameter_is_named_with_its_axis(string parameter, object value, string field, string message)
    {
        var result = SweepGrid.Plan("bad", new CreativitySpec(), [Axis("topK", 0, 5), Axis(parameter, value)]);

        Assert.Null(result.Plan);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void A_combination_that_breaks_another_field_names_the_point()
    {
        // structureNodes must not exceed constructionNodes: fine alone, wrong together.
        var result = SweepGrid.Plan("bad", new CreativitySpec { Task = CreativityTask.CircleConstruction },
            [Axis("constructionNodes", 4, 8), Axis("structureNodes", 3, 5)]);

        Assert.Null(result.Plan);
        var error = Assert.Single(result.Errors);
        Assert.Equal("axes.structureNodes", error.Field);
        Assert.Equal("structureNodes = 5: must be between 3 and 4", error.Message);
    }

    [Fact]
    public void A_grid_over_the_cap_is_refused_before_it_is_expanded()
    {
        var result = SweepGrid.Plan("huge", new CreativitySpec(),
            [Axis("seed", [.. Enumerable.Range(1, 20).Cast<object>()]), Axis("temperature", 0.5, 1.0), Axis("topK", [.. Enumerable.Range(1, 6).Cast<object>()])]);

        Assert.Null(result.Plan);
        var error = Assert.Single(result.Errors);
        Assert.Equal("axes", error.Field);
        Assert.Equal($"the grid has 240 runs (20 × 2 × 6); at most {SweepGrid.MaxRuns} are allowed", error.Message);
    }

    [Fact]
    public void Exactly_the_cap_is_allowed()
    {
        var result = SweepGrid.Plan("cap", new CreativitySpec(), [Axis("seed", [.. Enumerable.Range(1, SweepGrid.MaxRuns).Cast<object>()])]);

        Assert.Empty(result.Errors);
        Assert.Equal(SweepGrid.MaxRuns, result.Plan!.Runs.Count);
    }

    [Fact]
    public void Missing_name_no_axes_repeated_axes_and_repeated_values_are_each_named()
    {
        Assert.Equal(["name", "axes"], SweepGrid.Plan(" ", new CreativitySpec(), []).Errors.Select(error => error.Field));
        Assert.Contains(SweepGrid.Plan("x", new CreativitySpec(), [Axis("seed", 1), Axis("seed", 2)]).Errors,
            error => error.Field == "axes" && error.Message.Contains("'seed' is given 2 times"));
        Assert.Contains(SweepGrid.Plan("x", new CreativitySpec(), [Axis("seed", 1, 1)]).Errors,
            error => error.Field == "axes.seed" && error.Message.Contains("the value 1 is given 2 times"));
    }

    [Fact]
    public void One_bad_value_reports_once_not_once_per_grid_point()
    {
        var result = SweepGrid.Plan("bad", new CreativitySpec(), [Axis("seed", [.. Enumerable.Range(1, 30).Cast<object>()]), Axis("topK", 5, 5000)]);

        var error = Assert.Single(result.Errors);
        Assert.Equal("topK = 5000: must be between 0 and 1000", error.Message);
    }
}
