using System.Text.Json;
using Workbench.Engine.Creativity;

namespace Workbench.Engine.Tests;

public class CreativitySpecTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new CreativitySpec().Validate());
    }

    public static TheoryData<CreativitySpec, string, string> InvalidSpecs => new()
    {
        { new CreativitySpec { Task = (CreativityTask)7 }, "task", "must be one of: SiblingDiscovery" },
        { new CreativitySpec { Objective = (TrainingObjective)7 }, "objective", "must be one of: NextToken" },
        { new CreativitySpec { Parents = 1 }, "parents", "must be between 2 and 50" },
        { new CreativitySpec { ChildrenPerParent = 101 }, "childrenPerParent", "must be between 2 and 100" },
        { new CreativitySpec { TrainingFraction = 0 }, "trainingFraction", "must be between 0.01 and 0.99" },
        { new CreativitySpec { TrainingFraction = double.NaN }, "trainingFraction", "must be between 0.01 and 0.99" },
        { new CreativitySpec { Parents = 2, ChildrenPerParent = 2, TrainingFraction = 0.9 }, "trainingFraction", "shows all 2 valid answers in training, leaving none to discover" },
        { new CreativitySpec { TrainingSteps = 0 }, "trainingSteps", "must be between 1 and 100000" },
        { new CreativitySpec { BatchSize = 2000 }, "batchSize", "must be between 1 and 1024" },
        { new CreativitySpec { Width = 4 }, "width", "must be between 8 and 512" },
        { new CreativitySpec { Depth = 0 }, "depth", "must be between 1 and 12" },
        { new CreativitySpec { Heads = 32 }, "heads", "must be between 1 and 16" },
        { new CreativitySpec { Width = 64, Heads = 3 }, "heads", "must divide the width (64)" },
        { new CreativitySpec { LearningRate = 0 }, "learningRate", "must be above 0 and at most 0.1" },
        { new CreativitySpec { LearningRate = 0.5 }, "learningRate", "must be above 0 and at most 0.1" },
        { new CreativitySpec { Seed = -1 }, "seed", "must be between 0 and 2147483647" },
        { new CreativitySpec { EvaluationSamples = 0 }, "evaluationSamples", "must be between 1 and 20000" },
        { new CreativitySpec { Temperature = -0.5 }, "temperature", "must be between 0 and 5" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void Each_problem_names_its_json_field(CreativitySpec spec, string field, string message)
    {
        Assert.Equal([new SpecError(field, message)], spec.Validate());
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = new CreativitySpec { Parents = 0, TrainingSteps = 0, Heads = 0 }.Validate();
        Assert.Equal(["parents", "trainingSteps", "heads"], errors.Select(error => error.Field));
    }

    [Fact]
    public void Reads_a_hand_written_spec_with_defaults_for_what_is_left_out()
    {
        const string json = """{ "trainingSteps": 5, "task": "siblingDiscovery", "kind": "creativity", "Seed": 9 }""";
        var spec = Assert.IsType<CreativitySpec>(JsonSerializer.Deserialize<ExperimentSpec>(json, ExperimentJson.Options));
        Assert.Equal(new CreativitySpec { TrainingSteps = 5, Seed = 9 }, spec);
    }

    [Fact]
    public void Writes_the_kind_camel_case_names_and_enum_names()
    {
        var json = JsonSerializer.Serialize<ExperimentSpec>(new CreativitySpec(), ExperimentJson.Options);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("creativity", root.GetProperty("kind").GetString());
        Assert.Equal("siblingDiscovery", root.GetProperty("task").GetString());
        Assert.Equal("nextToken", root.GetProperty("objective").GetString());
        Assert.Equal(new CreativitySpec().ChildrenPerParent, root.GetProperty("childrenPerParent").GetInt32());
        Assert.False(root.TryGetProperty("title", out _));
        Assert.Equal(new CreativitySpec(), JsonSerializer.Deserialize<ExperimentSpec>(json, ExperimentJson.Options));
    }
}
