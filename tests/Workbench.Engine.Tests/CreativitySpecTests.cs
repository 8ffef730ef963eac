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
        { new CreativitySpec { Task = (CreativityTask)7 }, "task", "must be one of: siblingDiscovery, triangleDiscovery, circleConstruction, lineConstruction" },
        { new CreativitySpec { Objective = (TrainingObjective)7 }, "objective", "must be one of: nextToken, teacherless, diffusion, teacherlessParallel" },
        { new CreativitySpec { Parents = 1 }, "parents", "must be between 2 and 50" },
        { new CreativitySpec { ChildrenPerParent = 1001 }, "childrenPerParent", "must be between 2 and 1000" },
        { new CreativitySpec { ChildPools = 2, ChildrenPerParent = 5 }, "childrenPerParent", "must be even to split into two pools" },
        { new CreativitySpec { Parents = 2, ChildrenPerParent = 4, TrainingAnswers = 20 }, "trainingAnswers", "shows all 12 valid answers in training, leaving none to discover" },
        { new CreativitySpec { TrainingFraction = 0 }, "trainingFraction", "must be between 0.01 and 0.99" },
        { new CreativitySpec { TrainingFraction = double.NaN }, "trainingFraction", "must be between 0.01 and 0.99" },
        { new CreativitySpec { Parents = 2, ChildrenPerParent = 2, TrainingFraction = 0.9 }, "trainingFraction", "shows all 2 valid answers in training, leaving none to discover" },
        { new CreativitySpec { TrainingSteps = 0 }, "trainingSteps", "must be between 1 and 2000000" },
        { new CreativitySpec { BatchSize = 2000 }, "batchSize", "must be between 1 and 1024" },
        { new CreativitySpec { Width = 4 }, "width", "must be between 8 and 1024" },
        { new CreativitySpec { Depth = 0 }, "depth", "must be between 1 and 12" },
        { new CreativitySpec { Heads = 32 }, "heads", "must be between 1 and 16" },
        { new CreativitySpec { Width = 64, Heads = 3 }, "heads", "must divide the width (64)" },
        { new CreativitySpec { LearningRate = 0 }, "learningRate", "must be above 0 and at most 0.1" },
        { new CreativitySpec { LearningRate = 0.5 }, "learningRate", "must be above 0 and at most 0.1" },
        { new CreativitySpec { Seed = -1 }, "seed", "must be between 0 and 2147483647" },
        { new CreativitySpec { EvaluationSamples = 0 }, "evaluationSamples", "must be between 1 and 20000" },
        { new CreativitySpec { Temperature = -0.5 }, "temperature", "must be between 0 and 5" },
        { new CreativitySpec { TriangleNodes = 4 }, "triangleNodes", "must be between 5 and 1000" },
        { new CreativitySpec { EdgeProbability = 1 }, "edgeProbability", "must be between 0.05 and 0.95" },
        { new CreativitySpec { Task = CreativityTask.TriangleDiscovery, TriangleNodes = 5, EdgeProbability = 0.05 }, "edgeProbability",
            "gives a graph with 0 triangles for this seed; at least 2 are needed" },
        { new CreativitySpec { ConstructionNodes = 31 }, "constructionNodes", "must be between 4 and 30" },
        { new CreativitySpec { StructureNodes = 2 }, "structureNodes", "must be between 3 and 8" },
        { new CreativitySpec { ConstructionNodes = 5, StructureNodes = 6 }, "structureNodes", "must be between 3 and 5" },
        { new CreativitySpec { Task = CreativityTask.LineConstruction, ConstructionNodes = 20, StructureNodes = 6 }, "trainingFraction",
            "shows 5581440 answers in training; at most 50000" },
        { new CreativitySpec { Task = CreativityTask.CircleConstruction, ConstructionNodes = 4, StructureNodes = 4, TrainingFraction = 0.95 }, "trainingFraction",
            "shows all 6 valid answers in training, leaving none to discover" },
        { new CreativitySpec { TopK = -1 }, "topK", "must be between 0 and 1000" },
        { new CreativitySpec { SeedPrefixLength = 33 }, "seedPrefixLength", "must be between 0 and 32" },
        { new CreativitySpec { SeedPrefixVocabulary = 1 }, "seedPrefixVocabulary", "must be between 2 and 1024" },
        { new CreativitySpec { DiffusionSteps = 129 }, "diffusionSteps", "must be between 0 and 128" },
        { new CreativitySpec { TeacherlessCopies = 9 }, "teacherlessCopies", "must be between 0 and 8" },
        { new CreativitySpec { DecodeTemperatures = [0, 6] }, "decodeTemperatures", "value 2 (6) must be between 0 and 5" },
        { new CreativitySpec { DecodeTopKs = [50, 50] }, "decodeTopKs", "lists 50 twice" },
        { new CreativitySpec { WarmupSteps = -1 }, "warmupSteps", "must be between 0 and 100000" },
        { new CreativitySpec { EvaluationEvery = -1 }, "evaluationEvery", "must be between 0 and 100000" },
    };

    [Theory]
    [InlineData(CreativityTask.SiblingDiscovery, TrainingObjective.NextToken, 0, "Creativity: sibling discovery, next-token training")]
    [InlineData(CreativityTask.TriangleDiscovery, TrainingObjective.Teacherless, 0, "Creativity: triangle discovery, teacherless training")]
    [InlineData(CreativityTask.TriangleDiscovery, TrainingObjective.TeacherlessParallel, 4, "Creativity: triangle discovery, parallel teacherless training, seed-conditioned")]
    [InlineData(CreativityTask.CircleConstruction, TrainingObjective.Diffusion, 4, "Creativity: circle construction, diffusion training, seed-conditioned")]
    [InlineData(CreativityTask.LineConstruction, TrainingObjective.NextToken, 0, "Creativity: line construction, next-token training")]
    public void The_title_names_the_task_and_objective(CreativityTask task, TrainingObjective objective, int prefix, string title)
    {
        Assert.Equal(title, new CreativitySpec { Task = task, Objective = objective, SeedPrefixLength = prefix }.Title);
    }

    [Theory]
    [InlineData(CreativityTask.TriangleDiscovery)]
    [InlineData(CreativityTask.CircleConstruction)]
    [InlineData(CreativityTask.LineConstruction)]
    public void Each_task_is_valid_at_the_defaults(CreativityTask task)
    {
        Assert.Empty(new CreativitySpec { Task = task, Objective = TrainingObjective.Diffusion, SeedPrefixLength = 8 }.Validate());
    }

    [Fact]
    public void The_default_spec_is_still_sibling_discovery_with_next_token_training_and_no_extra_randomness()
    {
        var spec = new CreativitySpec();
        Assert.Equal((CreativityTask.SiblingDiscovery, TrainingObjective.NextToken), (spec.Task, spec.Objective));
        Assert.Equal((0, 0, 0), (spec.TopK, spec.SeedPrefixLength, spec.EvaluationEvery));
    }

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

    [Fact]
    public void Reads_the_new_fields_by_their_camel_case_names()
    {
        const string json = """
            { "kind": "creativity", "task": "circleConstruction", "objective": "diffusion", "constructionNodes": 9, "structureNodes": 5,
              "topK": 50, "seedPrefixLength": 8, "seedPrefixVocabulary": 100, "diffusionSteps": 4, "evaluationEvery": 100,
              "triangleNodes": 30, "edgeProbability": 0.25 }
            """;
        var spec = Assert.IsType<CreativitySpec>(JsonSerializer.Deserialize<ExperimentSpec>(json, ExperimentJson.Options));
        Assert.Equal(new CreativitySpec
        {
            Task = CreativityTask.CircleConstruction, Objective = TrainingObjective.Diffusion, ConstructionNodes = 9, StructureNodes = 5,
            TopK = 50, SeedPrefixLength = 8, SeedPrefixVocabulary = 100, DiffusionSteps = 4, EvaluationEvery = 100, TriangleNodes = 30, EdgeProbability = 0.25,
        }, spec);
    }

    [Fact]
    public void A_stored_teacherless_spec_from_before_the_hybrid_reads_as_parallel_teacherless_and_every_newer_one_as_it_was_written()
    {
        // Written before the hybrid: every parameter of that time, no teacherlessCopies.
        const string old = """{ "kind": "creativity", "objective": "teacherless", "seedPrefixLength": 4, "temperature": 0 }""";
        var stored = Assert.IsType<CreativitySpec>(JsonSerializer.Deserialize<ExperimentSpec>(old, ExperimentJson.StoredDataOptions));
        Assert.Equal(TrainingObjective.TeacherlessParallel, stored.Objective);
        Assert.Equal(4, stored.SeedPrefixLength);

        // A person asking for teacherless today means the hybrid, and so does every spec stored since (teacherlessCopies is always written).
        Assert.Equal(TrainingObjective.Teacherless, Assert.IsType<CreativitySpec>(ExperimentJson.ReadSpec(old).Spec).Objective);
        foreach (var spec in new[] { new CreativitySpec { Objective = TrainingObjective.Teacherless }, new CreativitySpec { Objective = TrainingObjective.Teacherless, TeacherlessCopies = 2 } })
        {
            var json = JsonSerializer.Serialize<ExperimentSpec>(spec, ExperimentJson.StoredDataOptions);
            Assert.Contains("\"teacherlessCopies\"", json);
            Assert.Equal(spec, JsonSerializer.Deserialize<ExperimentSpec>(json, ExperimentJson.StoredDataOptions));
        }
        var parallel = new CreativitySpec { Objective = TrainingObjective.TeacherlessParallel };
        Assert.Equal(parallel, JsonSerializer.Deserialize<ExperimentSpec>(JsonSerializer.Serialize<ExperimentSpec>(parallel, ExperimentJson.StoredDataOptions), ExperimentJson.StoredDataOptions));
    }
}
