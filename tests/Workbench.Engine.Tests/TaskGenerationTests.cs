using Workbench.Engine.Creativity;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.Tests;

public class TaskGenerationTests
{
    [Fact]
    public void Triangle_discovery_trains_on_every_edge_both_ways_beside_example_triangles()
    {
        var task = TriangleDiscovery.Generate(nodes: 12, edgeProbability: 0.4, training: 0.3, seed: 3);
        var edges = task.Graph.Edges().Count();
        var triangles = task.Graph.Triangles().Count();
        Assert.Equal(triangles, task.ValidAnswerCount);
        Assert.Equal((int)Math.Round(0.3 * triangles), task.TrainingAnswers.Count);
        Assert.Equal(2 * edges + task.TrainingAnswers.Count, task.TrainingExamples.Count);

        var edgePrompt = task.Vocabulary.Encode("<bos> edge");
        var edgeSequences = task.TrainingExamples.Where(example => example.Prompt.SequenceEqual(edgePrompt)).ToList();
        Assert.Equal(2 * edges, edgeSequences.Count);
        Assert.All(edgeSequences, example =>
        {
            Assert.Equal(3, example.Answer.Length);
            var names = task.Vocabulary.Decode(example.Answer).Split(' ');
            Assert.True(task.Graph.Adjacent(int.Parse(names[0][1..]), int.Parse(names[1][1..])));
        });
        var answers = task.TrainingExamples.Where(example => example.Prompt.SequenceEqual(task.AnswerPrompt)).ToList();
        Assert.Equal(task.TrainingAnswers, answers.Select(example => example.Answer));
        Assert.All(task.TrainingAnswers, answer => Assert.True(task.Judge(answer) is { Coherent: true, Memorized: true }));
        // Every prompt has the same length, as diffusion needs.
        Assert.Single(task.TrainingExamples.Select(example => example.Prompt.Length).Distinct());
    }

    [Theory]
    [InlineData(CreativityTask.CircleConstruction, 420)]  // C(8, 4) node sets × 3! cyclic orders
    [InlineData(CreativityTask.LineConstruction, 1680)]   // 8 · 7 · 6 · 5 ordered selections
    public void Circle_and_line_training_sets_are_distinct_valid_structures_with_shuffled_edges(CreativityTask kind, int valid)
    {
        var spec = new CreativitySpec { Task = kind, ConstructionNodes = 8, StructureNodes = 4, TrainingFraction = 0.25, Seed = 2 };
        var task = CreativityExperiment.CreateTask(spec);
        Assert.Equal(valid, task.ValidAnswerCount);
        Assert.Equal(valid / 4, task.TrainingAnswers.Count);
        var judgements = task.TrainingAnswers.Select(task.Judge).ToList();
        Assert.All(judgements, judgement => Assert.True(judgement is { Coherent: true, Memorized: true }));
        Assert.Equal(judgements.Count, judgements.Select(judgement => judgement.EquivalenceKey).Distinct().Count());
        Assert.All(task.TrainingExamples, example => Assert.Equal([Vocabulary.Begin], example.Prompt));
        // Shuffled: the first edge listed does not always start where the previous edge ended.
        Assert.Contains(task.TrainingAnswers, answer => answer[1] != answer[2]);
        Assert.Contains(task.TrainingAnswers, answer => answer[1] == answer[2]);
    }

    [Theory]
    [InlineData(CreativityTask.TriangleDiscovery)]
    [InlineData(CreativityTask.CircleConstruction)]
    [InlineData(CreativityTask.LineConstruction)]
    public void The_same_seed_gives_the_same_training_set_and_another_seed_another(CreativityTask kind)
    {
        var spec = new CreativitySpec { Task = kind, Seed = 4 };
        Assert.Equal(CreativityExperiment.ContentHash(CreativityExperiment.CreateTask(spec)), CreativityExperiment.ContentHash(CreativityExperiment.CreateTask(spec)));
        Assert.NotEqual(CreativityExperiment.ContentHash(CreativityExperiment.CreateTask(spec)),
            CreativityExperiment.ContentHash(CreativityExperiment.CreateTask(spec with { Seed = 5 })));
    }

    [Fact]
    public void A_graph_with_fewer_than_two_triangles_cannot_be_a_task()
    {
        Assert.Throws<ArgumentException>(() => TriangleDiscovery.Generate(nodes: 6, edgeProbability: 0.0, training: 0.5, seed: 1));
    }
}
