using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;
using Workbench.Runs.Comparing;

namespace Workbench.Runs.Tests;

public sealed class RunNamesTests
{
    private static readonly CreativitySpec Base = new() { Task = CreativityTask.LineConstruction };

    [Fact]
    public void Runs_of_a_sweep_are_named_by_the_parameters_that_differ_a_choice_by_its_value_alone()
    {
        ExperimentSpec[] sweep =
        [
            Base with { Objective = TrainingObjective.NextToken, Temperature = 0.5 },
            Base with { Objective = TrainingObjective.NextToken, Temperature = 1 },
            Base with { Objective = TrainingObjective.Diffusion, Temperature = 0.5 },
            Base with { Objective = TrainingObjective.Diffusion, Temperature = 1 },
        ];

        Assert.Equal(
            ["nextToken, Temperature = 0.5", "nextToken, Temperature = 1", "diffusion, Temperature = 0.5", "diffusion, Temperature = 1"],
            RunNames.Of(sweep));
    }

    [Fact]
    public void A_parameter_that_does_not_apply_to_a_run_is_left_out_of_its_name()
    {
        ExperimentSpec[] runs =
        [
            Base with { Objective = TrainingObjective.NextToken },
            Base with { Objective = TrainingObjective.Diffusion, DiffusionSteps = 4 },
        ];

        Assert.Equal(["nextToken", "diffusion, Diffusion steps = 4"], RunNames.Of(runs));
    }

    [Fact]
    public void A_list_reads_as_json_a_missing_value_as_none_and_a_long_value_is_cut()
    {
        var aligned = new BranchingFactorSpec();
        var sensitivity = new DecodingSensitivitySpec();

        var prompts = RunNames.Of([aligned, aligned with { CustomPrompts = [string.Join(' ', Enumerable.Repeat("w3", 20))] }]);
        var temperatures = RunNames.Of([sensitivity with { Temperatures = [0.5, 1] }, sensitivity with { Temperatures = [0.5, 0.75] }]);

        Assert.Equal("Custom prompts = none", prompts[0]);
        Assert.Equal("Custom prompts = [\"w3 w3 w3 w3 w3 w3 w3…", prompts[1]);
        Assert.Equal(["Temperatures = [0.5,1]", "Temperatures = [0.5,0.75]"], temperatures);
    }

    [Fact]
    public void Runs_whose_specs_are_the_same_are_named_by_their_title_and_numbered()
    {
        Assert.Equal([$"{Base.Title} (1)", $"{Base.Title} (2)"], RunNames.Of([Base, Base]));
    }

    [Fact]
    public void Runs_of_several_kinds_are_named_by_their_title_then_what_differs_among_their_kind()
    {
        var aligned = new BranchingFactorSpec();
        ExperimentSpec[] runs = [Base with { Seed = 1 }, Base with { Seed = 2 }, aligned];

        Assert.Equal([$"{Base.Title} · Seed = 1", $"{Base.Title} · Seed = 2", aligned.Title], RunNames.Of(runs));
    }
}
