using Workbench.Engine.Creativity;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.Tests;

/// <summary>
/// The circle and line checkers on six nodes n0–n5 with structures of four nodes; a circle is trained on
/// n0→n1→n2→n3→n0, a line on n0→n1→n2→n3.
/// </summary>
public class ConstructionCheckerTests
{
    private static readonly Vocabulary Nodes = EdgeList.VocabularyOf(6);
    private readonly CircleConstruction circles = new(6, 4, [Nodes.Encode("n2 n3 n0 n1 n3 n0 n1 n2 <eos>")]);
    private readonly LineConstruction lines = new(6, 4, [Nodes.Encode("n1 n2 n0 n1 n2 n3 <eos>")]);

    private Judgement Circle(string answer) => circles.Judge(Nodes.Encode(answer));

    private Judgement Line(string answer) => lines.Judge(Nodes.Encode(answer));

    [Theory]
    [InlineData("n4 n1 n1 n2 n2 n3 n3 n4 <eos>", false)]
    [InlineData("n3 n2 n2 n1 n1 n0 n0 n3 <eos>", false)] // the training circle reversed: other directed edges
    [InlineData("n5 n0 n2 n4 n0 n2 n4 n5 <eos>", false)]
    [InlineData("n0 n1 n1 n2 n2 n3 n3 n0 <eos>", true)]  // the training circle, edges listed in another order
    [InlineData("n3 n0 n2 n3 n1 n2 n0 n1 <eos>", true)]
    public void One_closed_cycle_through_distinct_nodes_is_a_circle(string answer, bool memorized)
    {
        var judgement = Circle(answer);
        Assert.True(judgement.Coherent);
        Assert.Equal(memorized, judgement.Memorized);
    }

    [Theory]
    [InlineData("n0 n1 n1 n2 n2 n3 n3 n4 <eos>")] // a cycle that does not close
    [InlineData("n0 n1 n1 n0 n2 n3 n3 n2 <eos>")] // two disjoint cycles
    [InlineData("n0 n1 n1 n2 n2 n0 n0 n1 <eos>")] // a cycle of three with an edge repeated
    [InlineData("n0 n1 n1 n2 n2 n1 n1 n0 <eos>")] // a repeated node: n1 has two successors
    [InlineData("n0 n1 n1 n2 n2 n0 n3 n3 <eos>")] // a self-loop
    [InlineData("n0 n1 n0 n2 n2 n3 n3 n0 <eos>")] // a branch at n0
    [InlineData("n0 n1 n1 n2 n2 n0 <eos>")]       // a circle of the wrong size
    [InlineData("n0 n1 n1 n2 n2 n3 n3 <eos>")]    // an odd number of nodes
    [InlineData("n0 n1 n1 n2 n2 n3 n3 n0")]       // no end token
    [InlineData("n0 n1 n1 n2 n2 n3 n3 n0 <eos> <eos>")]
    [InlineData("n0 n1 n1 <pad> n2 n3 n3 n0 <eos>")]
    [InlineData("<bos> n1 n1 n2 n2 n3 n3 n0 <eos>")]
    [InlineData("<eos>")]
    [InlineData("")]
    public void Anything_else_is_not_a_circle(string answer)
    {
        var judgement = Circle(answer);
        Assert.False(judgement.Coherent);
        Assert.False(judgement.Memorized);
    }

    [Theory]
    [InlineData("n2 n0 n1 n3 n3 n2 <eos>", false)] // n1→n3→n2→n0
    [InlineData("n3 n2 n2 n1 n1 n0 <eos>", false)] // the training line reversed
    [InlineData("n5 n4 n4 n1 n1 n0 <eos>", false)]
    [InlineData("n2 n3 n0 n1 n1 n2 <eos>", true)]  // the training line, edges listed in another order
    public void One_open_path_through_distinct_nodes_is_a_line(string answer, bool memorized)
    {
        var judgement = Line(answer);
        Assert.True(judgement.Coherent);
        Assert.Equal(memorized, judgement.Memorized);
    }

    [Theory]
    [InlineData("n0 n1 n1 n2 n2 n0 <eos>")]       // a closed cycle, not a line
    [InlineData("n0 n1 n0 n2 n2 n3 <eos>")]       // a branch: n0 has two successors
    [InlineData("n0 n2 n1 n2 n2 n3 <eos>")]       // two edges into n2
    [InlineData("n0 n1 n2 n3 n3 n2 <eos>")]       // a path and a separate cycle
    [InlineData("n0 n1 n2 n3 n4 n5 <eos>")]       // three separate pieces
    [InlineData("n0 n1 n1 n2 n1 n2 <eos>")]       // a repeated edge
    [InlineData("n0 n1 n1 n2 n2 n1 <eos>")]       // a repeated node
    [InlineData("n0 n1 n1 n1 n1 n2 <eos>")]       // a self-loop
    [InlineData("n0 n1 n1 n2 <eos>")]             // a line of the wrong size
    [InlineData("n0 n1 n1 n2 n2 n3")]             // no end token
    [InlineData("n0 n1 n1 n2 n2 <eos>")]          // an odd number of nodes
    [InlineData("<bos> n1 n1 n2 n2 n3 <eos>")]
    [InlineData("")]
    public void Anything_else_is_not_a_line(string answer)
    {
        var judgement = Line(answer);
        Assert.False(judgement.Coherent);
        Assert.False(judgement.Memorized);
    }

    [Fact]
    public void Token_ids_outside_the_vocabulary_are_malformed()
    {
        var (n0, n1, n2, n3) = (Nodes.IdOf("n0"), Nodes.IdOf("n1"), Nodes.IdOf("n2"), Nodes.IdOf("n3"));
        Assert.False(lines.Judge([n0, n1, 99, 98, n2, n3, Vocabulary.End]).Coherent);
        Assert.False(circles.Judge([n0, n1, n1, n2, n2, n3, n3, -1, Vocabulary.End]).Coherent);
    }

    [Fact]
    public void Equivalence_is_the_set_of_directed_edges()
    {
        Assert.Equal(Circle("n4 n1 n1 n2 n2 n3 n3 n4 <eos>").EquivalenceKey, Circle("n2 n3 n3 n4 n4 n1 n1 n2 <eos>").EquivalenceKey);
        Assert.NotEqual(Circle("n4 n1 n1 n2 n2 n3 n3 n4 <eos>").EquivalenceKey, Circle("n1 n4 n2 n1 n3 n2 n4 n3 <eos>").EquivalenceKey);
        Assert.Equal(Line("n2 n0 n1 n3 n3 n2 <eos>").EquivalenceKey, Line("n1 n3 n3 n2 n2 n0 <eos>").EquivalenceKey);
        Assert.StartsWith("malformed: ", Line("n0 n1").EquivalenceKey);
    }

    [Fact]
    public void Training_answers_must_be_valid_structures()
    {
        Assert.Throws<ArgumentException>(() => new CircleConstruction(6, 4, [Nodes.Encode("n0 n1 n1 n2 n2 n3 n3 n4 <eos>")]));
        Assert.Throws<ArgumentException>(() => new LineConstruction(6, 4, [Nodes.Encode("n0 n1 n1 n2 n2 n0 <eos>")]));
        Assert.Throws<ArgumentException>(() => new LineConstruction(6, 4, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircleConstruction(6, 7, []));
    }
}
