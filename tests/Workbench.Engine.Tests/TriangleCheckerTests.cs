using Workbench.Engine.Creativity;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.Tests;

/// <summary>
/// The checker on a hand-made graph: triangles {n0 n1 n2} and {n2 n3 n4}, plus the edge n4–n5;
/// trained on "n1 n0 n2".
/// </summary>
public class TriangleCheckerTests
{
    private readonly TriangleDiscovery task = new(
        new TriangleGraph(6, [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4), (4, 5)]), [(1, 0, 2)]);

    private Judgement Judge(string answer) => task.Judge(task.Vocabulary.Encode(answer));

    [Theory]
    [InlineData("n2 n3 n4 <eos>")]
    [InlineData("n4 n2 n3 <eos>")]
    public void Three_pairwise_adjacent_nodes_are_coherent_and_new(string answer)
    {
        var judgement = Judge(answer);
        Assert.True(judgement.Coherent);
        Assert.False(judgement.Memorized);
    }

    [Theory]
    [InlineData("n1 n0 n2 <eos>")]
    [InlineData("n2 n1 n0 <eos>")] // the training triangle in another order
    public void A_triangle_with_the_nodes_of_a_training_triangle_is_memorized(string answer)
    {
        var judgement = Judge(answer);
        Assert.True(judgement.Coherent);
        Assert.True(judgement.Memorized);
    }

    [Fact]
    public void Equivalence_is_the_set_of_three_nodes()
    {
        Assert.Equal(Judge("n0 n1 n2 <eos>").EquivalenceKey, Judge("n2 n0 n1 <eos>").EquivalenceKey);
        Assert.NotEqual(Judge("n0 n1 n2 <eos>").EquivalenceKey, Judge("n2 n3 n4 <eos>").EquivalenceKey);
        Assert.NotEqual(Judge("n0 n1 n2 <eos>").EquivalenceKey, Judge("n0 n1 n2").EquivalenceKey);
    }

    [Theory]
    [InlineData("n0 n0 n1 <eos>")]            // a repeated node
    [InlineData("n2 n2 n2 <eos>")]
    [InlineData("n0 n1 n3 <eos>")]            // n0–n3 and n1–n3 do not exist
    [InlineData("n3 n4 n5 <eos>")]            // a path, not a triangle: n3–n5 does not exist
    [InlineData("n0 n2 n4 <eos>")]            // two edges of the graph, the third missing
    [InlineData("n0 n1 <eos>")]               // an edge where a triangle belongs
    [InlineData("n0 n1 n2 n3 <eos>")]         // too long
    [InlineData("n0 n1 n2")]                  // no end token
    [InlineData("n0 n1 n2 n2")]
    [InlineData("edge n0 n1 <eos>")]          // a marker where a node belongs
    [InlineData("triangle n0 n1 n2")]
    [InlineData("n0 <pad> n2 <eos>")]         // special tokens where nodes belong
    [InlineData("<bos> n0 n1 <eos>")]
    [InlineData("<eos>")]
    [InlineData("")]
    public void Anything_else_is_incoherent_and_never_memorized(string answer)
    {
        var judgement = Judge(answer);
        Assert.False(judgement.Coherent);
        Assert.False(judgement.Memorized);
    }

    [Fact]
    public void Token_ids_outside_the_vocabulary_are_incoherent()
    {
        var n0 = task.Vocabulary.IdOf("n0");
        Assert.False(task.Judge([n0, n0 + 1, 999, Vocabulary.End]).Coherent);
        Assert.False(task.Judge([-1, n0 + 1, n0 + 2, Vocabulary.End]).Coherent);
    }

    [Fact]
    public void Training_answers_must_be_triangles()
    {
        var graph = new TriangleGraph(4, [(0, 1), (1, 2), (0, 2), (2, 3)]);
        Assert.Throws<ArgumentException>(() => new TriangleDiscovery(graph, [(1, 2, 3)]));
        Assert.Throws<ArgumentException>(() => new TriangleDiscovery(graph, [(0, 0, 1)]));
        Assert.Throws<ArgumentException>(() => new TriangleDiscovery(graph, []));
    }
}
