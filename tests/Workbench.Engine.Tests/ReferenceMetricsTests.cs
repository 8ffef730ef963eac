using Workbench.Engine.Creativity;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.Tests;

/// <summary>
/// The authors' checkers (<c>*/ntp/eval_qa.py</c>) beside ours on hand-made samples: where they agree, and the cases where
/// they do not — undirected and wrongly sized structures, memorization by node pattern, answers told apart as strings.
/// </summary>
public class ReferenceMetricsTests
{
    private static readonly Vocabulary Nodes = EdgeList.VocabularyOf(6);
    // The circle n2→n3→n0→n1→n2 listed as n2 n3, n0 n1, n3 n0, n1 n2; the line n0→n1→n2→n3 listed as n1 n2, n0 n1, n2 n3.
    private readonly CircleConstruction circles = new(6, 4, [Nodes.Encode("n2 n3 n0 n1 n3 n0 n1 n2 <eos>")]);
    private readonly LineConstruction lines = new(6, 4, [Nodes.Encode("n1 n2 n0 n1 n2 n3 <eos>")]);

    [Theory]
    [InlineData("n2 n3 n3 n0 n0 n1 n1 n2 <eos>", true, true, true, false)]   // the training circle listed in another order: another pattern for theirs
    [InlineData("n5 n4 n1 n0 n4 n1 n0 n5 <eos>", true, false, true, true)]   // another circle listed in the training circle's pattern: seen by theirs
    [InlineData("n3 n2 n2 n1 n1 n0 n0 n3 <eos>", true, false, true, false)]  // reversed: a new circle for both
    [InlineData("n0 n1 n2 n1 n2 n3 n0 n3 <eos>", false, false, true, false)] // undirected only: n1 has two predecessors
    [InlineData("n0 n1 n1 n2 n2 n0 <eos>", false, false, true, false)]       // three nodes where four are asked for
    [InlineData("n0 n1 n0 n1 <eos>", false, false, true, false)]             // an edge twice: a "circle" of two for theirs
    [InlineData("n0 n1 n1 n2 n2 n3 n3 n4 <eos>", false, false, false, false)] // does not close
    [InlineData("n0 n1 n1 <eos>", false, false, false, false)]               // malformed
    public void Circles(string answer, bool coherent, bool memorized, bool validForTheirs, bool seenByTheirs)
    {
        var tokens = Nodes.Encode(answer);
        Assert.Equal((coherent, memorized), (circles.Judge(tokens).Coherent, circles.Judge(tokens).Memorized));
        Assert.Equal((validForTheirs, seenByTheirs), (circles.JudgeAsReference(tokens).Valid, circles.JudgeAsReference(tokens).Seen));
    }

    [Theory]
    [InlineData("n0 n1 n1 n2 n2 n3 <eos>", true, true, true, false)]   // the training line, edges in another order: same edges, another pattern
    [InlineData("n2 n1 n3 n2 n1 n0 <eos>", true, false, true, true)]   // the training line reversed, listed in its pattern: seen by theirs
    [InlineData("n4 n5 n3 n4 n5 n0 <eos>", true, false, true, true)]   // another line in the training line's pattern
    [InlineData("n3 n2 n2 n1 n1 n0 <eos>", true, false, true, false)]  // reversed, another pattern: new for both
    [InlineData("n0 n1 n2 n1 n2 n3 <eos>", false, false, true, false)] // undirected only
    [InlineData("n0 n1 n1 n2 <eos>", false, false, true, false)]       // three nodes where four are asked for
    [InlineData("n0 n1 n1 n2 n2 n0 <eos>", false, false, false, false)] // a cycle
    public void Lines(string answer, bool coherent, bool memorized, bool validForTheirs, bool seenByTheirs)
    {
        var tokens = Nodes.Encode(answer);
        Assert.Equal((coherent, memorized), (lines.Judge(tokens).Coherent, lines.Judge(tokens).Memorized));
        Assert.Equal((validForTheirs, seenByTheirs), (lines.JudgeAsReference(tokens).Valid, lines.JudgeAsReference(tokens).Seen));
    }

    /// <summary>Triangles {n0 n1 n2} and {n2 n3 n4}; the first is trained on, written n2 n1 &lt;sep&gt; n1 n0 &lt;sep&gt; n0 n2.</summary>
    private static TriangleDiscovery Triangles(TriangleAnswerFormat format) =>
        new(new TriangleGraph(6, [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4)]), [(2, 1, 0)], format);

    [Theory]
    [InlineData("n1 n0 <sep> n0 n2 <sep> n2 n1 <eos>", true, true, true, true)]
    [InlineData("n3 n4 <sep> n4 n2 <sep> n2 n3 <eos>", true, false, true, false)]
    // Theirs reads "a b", "b' c" and checks a–b', b'–c, c–a: the first part's second node and the third part are ignored.
    [InlineData("n0 n5 <sep> n1 n2 <sep> n4 n4 <eos>", false, false, true, false)]
    // ... and calls it seen when the first node of each part, as a set, is a training triangle.
    [InlineData("n1 n5 <sep> n0 n3 <sep> n2 n5 <eos>", false, false, false, true)]
    [InlineData("n1 n0 <sep> n0 n2 <eos>", false, false, false, false)]
    public void Triangles_in_the_edge_format(string answer, bool coherent, bool memorized, bool validForTheirs, bool seenByTheirs)
    {
        var task = Triangles(TriangleAnswerFormat.Edges);
        var tokens = task.Vocabulary.Encode(answer);
        Assert.Equal((coherent, memorized), (task.Judge(tokens).Coherent, task.Judge(tokens).Memorized));
        Assert.Equal((validForTheirs, seenByTheirs), (task.JudgeAsReference(tokens).Valid, task.JudgeAsReference(tokens).Seen));
    }

    [Fact]
    public void Triangles_in_the_node_format_agree_with_ours_answer_by_answer()
    {
        var task = Triangles(TriangleAnswerFormat.Nodes);
        foreach (var answer in new[] { "n1 n0 n2 <eos>", "n4 n3 n2 <eos>", "n0 n1 n3 <eos>", "n0 n0 n1 <eos>", "n0 n1 <eos>" })
        {
            var tokens = task.Vocabulary.Encode(answer);
            Assert.Equal((task.Judge(tokens).Coherent, task.Judge(tokens).Memorized), (task.JudgeAsReference(tokens).Valid, task.JudgeAsReference(tokens).Seen));
        }
    }

    [Fact]
    public void Their_scores_count_distinct_valid_strings_and_leave_incoherent_duplicates_out()
    {
        string[] generated =
        [
            "n5 n4 n1 n0 n4 n1 n0 n5 <eos>", // a new circle for us, seen for them (same pattern)
            "n3 n2 n2 n1 n1 n0 n0 n3 <eos>", // new for both
            "n2 n1 n1 n0 n0 n3 n3 n2 <eos>", // the same circle listed from another edge: one class for us, another string for them
            "n0 n1 n2 n1 n2 n3 n0 n3 <eos>", // valid only for them
            "n0 n1 n1 n2 n2 n3 n3 n4 <eos>", // incoherent
            "n0 n1 n1 n2 n2 n3 n3 n4 <eos>", // the same incoherent answer again
        ];
        var (metrics, _) = CreativityScorer.Score(circles, [.. generated.Select(Nodes.Encode)]);
        Assert.Equal(3.0 / 6, metrics.CoherenceRate);
        Assert.Equal(2.0 / 6, metrics.CreativityScore);       // two new classes: n5→n4→… and n3→n2→…
        Assert.Equal(4.0 / 6, metrics.UniquenessRate);        // the incoherent answers are one class of their own
        Assert.Equal(4.0 / 6, metrics.Reference.Coherence);
        Assert.Equal(1.0 / 6, metrics.Reference.Memorization);
        Assert.Equal(3.0 / 6, metrics.Reference.Creativity);  // three distinct valid unseen strings
        Assert.Equal(4.0 / 6, metrics.Reference.Diversity);   // four distinct valid strings, the incoherent pair not among them
    }
}
