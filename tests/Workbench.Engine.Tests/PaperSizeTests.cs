using Workbench.Engine.Creativity;

namespace Workbench.Engine.Tests;

/// <summary>The tasks at the authors' sizes: exact counts beyond an int, their sibling layout and planted triangle graph, the presets.</summary>
public class PaperSizeTests
{
    [Fact]
    public void Valid_answer_counts_are_exact_beyond_an_int()
    {
        Assert.Equal(10_902_735_043_200, CircleConstruction.CountValidAnswers(30, 10)); // C(30, 10) · 9!
        Assert.Equal(109_027_350_432_000, LineConstruction.CountValidAnswers(30, 10));  // 30!/20!
        Assert.Equal(403_200, CircleConstruction.CountValidAnswers(10, 9));              // the authors' circles
        Assert.Equal(3_628_800, LineConstruction.CountValidAnswers(10, 10));              // the authors' lines
        Assert.Empty(new CreativitySpec { Task = CreativityTask.CircleConstruction, ConstructionNodes = 30, StructureNodes = 10, TrainingAnswers = 1000 }.Validate());
        Assert.Equal(1_250_000, SiblingDiscovery.CountValidAnswers(5, 1000, pools: 2));    // the authors' 5 × 500 × 500
    }

    [Fact]
    public void With_two_pools_an_answer_is_a_first_pool_child_then_a_second_pool_child_of_one_parent()
    {
        var task = SiblingDiscovery.Generate(parents: 3, childrenPerParent: 6, training: new TrainingSize(0, Answers: 10), seed: 2, pools: 2);
        var graph = task.Graph;
        Assert.Equal(3 * 3 * 3, task.ValidAnswerCount);
        Assert.Equal(10, task.TrainingAnswers.Count);
        Assert.All(Enumerable.Range(0, 3), parent => Assert.Equal(3, Enumerable.Range(0, graph.Children).Count(child => graph.ParentOf(child) == parent && graph.PoolOf(child) == 0)));
        var first = Enumerable.Range(0, graph.Children).First(child => graph.PoolOf(child) == 0);
        var second = Enumerable.Range(0, graph.Children).First(child => graph.PoolOf(child) == 1 && graph.ParentOf(child) == graph.ParentOf(first));
        var parentName = SiblingDiscovery.ParentName(graph.ParentOf(first));
        var inOrder = task.Judge(task.Vocabulary.Encode($"c{first} c{second} {parentName} <eos>"));
        var swapped = task.Judge(task.Vocabulary.Encode($"c{second} c{first} {parentName} <eos>"));
        Assert.True(inOrder.Coherent);
        Assert.False(swapped.Coherent);
        Assert.NotEqual(inOrder.EquivalenceKey, swapped.EquivalenceKey);
        Assert.All(task.TrainingAnswers, answer => Assert.True(task.Judge(answer) is { Coherent: true, Memorized: true }));
        Assert.All(task.TrainingAnswers, answer => Assert.True(task.JudgeAsReference(answer) is { Valid: true, Seen: true }));
    }

    [Fact]
    public void The_planted_graph_closes_triangles_around_every_vertex_and_its_draws_are_a_third_triangles()
    {
        var task = TriangleDiscovery.GeneratePlanted(nodes: 200, draws: 3000, seed: 1, TriangleAnswerFormat.Edges);
        var graph = task.Graph;
        var degrees = Enumerable.Range(0, graph.Nodes).Select(node => Enumerable.Range(0, graph.Nodes).Count(other => graph.Adjacent(node, other))).ToList();
        Assert.All(degrees, degree => Assert.True(degree >= TriangleGraph.PlantedDegree - 1, $"degree {degree}"));
        var onATriangle = graph.Triangles().SelectMany(triangle => new[] { triangle.A, triangle.B, triangle.C }).ToHashSet();
        Assert.Equal(graph.Nodes, onATriangle.Count);
        var triangles = task.TrainingExamples.Count(example => example.Prompt.SequenceEqual(task.AnswerPrompt));
        Assert.InRange(triangles, 850, 1150); // 3000 / 3, give or take
        Assert.Equal(3000, task.TrainingExamples.Count);
        Assert.Equal(triangles, task.TrainingAnswers.Count);
        Assert.True(task.TrainingAnswers.Select(answer => task.Judge(answer).EquivalenceKey).Distinct().Count() < triangles); // drawn with replacement
        // Edge sequences as the authors write them: "edge: u v <sep> v u </a>".
        var edge = task.TrainingExamples.First(example => !example.Prompt.SequenceEqual(task.AnswerPrompt));
        var names = task.Vocabulary.Decode(edge.Answer).Split(' ');
        Assert.Equal([names[0], names[1], "<sep>", names[1], names[0], "<eos>"], names);
    }

    [Theory]
    [InlineData(CreativityTask.SiblingDiscovery)]
    [InlineData(CreativityTask.TriangleDiscovery)]
    [InlineData(CreativityTask.CircleConstruction)]
    [InlineData(CreativityTask.LineConstruction)]
    public void Both_presets_of_every_task_validate(CreativityTask task)
    {
        Assert.Empty(CreativityPresets.Small(task).Validate());
        var paper = CreativityPresets.Paper(task);
        Assert.Empty(paper.Validate());
        Assert.Equal((768, 12, 64, 1e-4, 2000), (paper.Width, paper.Heads, paper.BatchSize, paper.LearningRate, paper.WarmupSteps));
        Assert.Equal(task == CreativityTask.SiblingDiscovery ? 8 : 12, paper.Depth);
        Assert.Equal(8, paper.DecodingSettings.Count);
        Assert.Contains(CreativityKind.Registration.Presets, preset => preset.Spec.Equals(paper));
    }
}
