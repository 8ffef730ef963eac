using Workbench.Engine.Creativity;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.Tests;

public class SiblingGenerationTests
{
    private static SiblingDiscovery Generate(int seed = 5, double trainingFraction = 0.3) =>
        SiblingDiscovery.Generate(parents: 4, childrenPerParent: 6, trainingFraction, seed);

    [Fact]
    public void Every_parent_gets_the_same_number_of_children()
    {
        var graph = Generate().Graph;
        Assert.Equal(4, graph.Parents);
        Assert.Equal(24, graph.Children);
        var childrenPerParent = Enumerable.Range(0, graph.Children).GroupBy(graph.ParentOf).Select(family => family.Count());
        Assert.All(childrenPerParent, count => Assert.Equal(6, count));
    }

    [Fact]
    public void Sizes_follow_from_the_parameters()
    {
        var task = Generate(trainingFraction: 0.3);
        // 4 parents × (6 choose 2) unordered sibling pairs.
        Assert.Equal(4 * 15, task.ValidAnswerCount);
        Assert.Equal(task.ValidAnswerCount, SiblingDiscovery.CountValidAnswers(4, 6));
        Assert.Equal(18, task.TrainingAnswers.Count); // round(0.3 × 60)
        Assert.Equal(task.TrainingAnswers.Count, task.TrainingExamples.Count);
        Assert.Equal(3 + 4 + 24, task.Vocabulary.Count);
    }

    [Fact]
    public void The_training_set_is_distinct_valid_answers()
    {
        var task = Generate();
        var judgements = task.TrainingAnswers.Select(task.Judge).ToList();
        Assert.All(judgements, judgement => Assert.True(judgement.Coherent && judgement.Memorized));
        Assert.Equal(judgements.Count, judgements.Select(judgement => judgement.EquivalenceKey).Distinct().Count());
        Assert.All(task.TrainingExamples, example =>
        {
            Assert.Equal([Vocabulary.Begin], example.Prompt);
            Assert.Equal(Vocabulary.End, example.Answer[^1]);
        });
    }

    [Fact]
    public void The_same_seed_gives_the_same_graph_and_training_set()
    {
        var first = Generate(seed: 11);
        var second = Generate(seed: 11);
        Assert.Equal(Parents(first.Graph), Parents(second.Graph));
        Assert.Equal(first.TrainingAnswers, second.TrainingAnswers);
        Assert.Equal(CreativityExperiment.ContentHash(first), CreativityExperiment.ContentHash(second));
    }

    [Fact]
    public void Different_seeds_give_different_graphs_and_training_sets()
    {
        var first = Generate(seed: 11);
        var second = Generate(seed: 12);
        Assert.NotEqual(Parents(first.Graph), Parents(second.Graph));
        Assert.NotEqual(CreativityExperiment.ContentHash(first), CreativityExperiment.ContentHash(second));
    }

    [Fact]
    public void The_training_fraction_does_not_change_the_graph()
    {
        Assert.Equal(Parents(Generate(trainingFraction: 0.1).Graph), Parents(Generate(trainingFraction: 0.9).Graph));
    }

    [Fact]
    public void Children_are_written_in_both_orders()
    {
        var task = SiblingDiscovery.Generate(parents: 2, childrenPerParent: 20, training: 0.5, seed: 3);
        var firstIsSmaller = task.TrainingAnswers.Count(answer => answer[0] < answer[1]);
        Assert.InRange(firstIsSmaller, 1, task.TrainingAnswers.Count - 1);
    }

    [Fact]
    public void Training_pairs_must_be_siblings()
    {
        var graph = new SiblingGraph(2, [0, 0, 1, 1]);
        Assert.Throws<ArgumentException>(() => new SiblingDiscovery(graph, [(0, 2)]));
        Assert.Throws<ArgumentException>(() => new SiblingDiscovery(graph, [(1, 1)]));
        Assert.Throws<ArgumentException>(() => new SiblingDiscovery(graph, []));
    }

    private static int[] Parents(SiblingGraph graph) => [.. Enumerable.Range(0, graph.Children).Select(graph.ParentOf)];
}
