using Workbench.Engine.Tokens;
using Workbench.Engine.Training;

namespace Workbench.Engine.Creativity;

/// <summary>
/// Line construction (algorithmic-creativity.md, "The four tasks"): write the directed edges of one open
/// path through <c>k</c> distinct nodes out of <c>N</c> (k − 1 edges), in any order (<see cref="EdgeList"/>);
/// <c>n2 n0 n1 n3 n3 n2 &lt;eos&gt;</c> is the line n1→n3→n2→n0. The training set S is a sample of random lines
/// over random node sequences, edges shuffled.
/// <list type="bullet">
/// <item><b>Coherent</b>: exactly k − 1 well-formed edges, no self-loop, no node with two successors or two
/// predecessors (no branch, no repeated edge), and walking from the one node without a predecessor
/// covers every edge (so no cycle and no second piece).</item>
/// <item><b>Equivalence</b>: a line is its set of directed edges, whatever order they are listed in; a
/// malformed answer is equivalent only to the identical token sequence.</item>
/// <item><b>Memorized</b>: equivalent to a training line.</item>
/// </list>
/// The authors' checker (<see cref="JudgeAsReference"/>, <c>line-construction/ntp/eval_qa.py</c>) is looser: undirected, of
/// any length (<see cref="EdgeList.IsReferenceLine"/>), and an answer is "seen" when its node pattern up to renaming, edges
/// in the order listed, is a training answer's (<see cref="EdgeList.PatternOf"/>) — n0 n1 n1 n2 … and n5 n3 n3 n8 … alike.
/// The authors' sizes: 10 node tokens, lines of 10 nodes (9 edges), 10,000 training answers.
/// </summary>
public sealed class LineConstruction : ICreativityTask
{
    private readonly HashSet<string> trainingKeys = [];
    private readonly HashSet<string> trainingPatterns = [];

    /// <param name="lineNodes">k, the nodes of every line: 3 to <paramref name="nodes"/></param>
    public LineConstruction(int nodes, int lineNodes, IEnumerable<int[]> trainingAnswers)
    {
        if (lineNodes < 3 || lineNodes > nodes) throw new ArgumentOutOfRangeException(nameof(lineNodes), $"A line needs 3 to {nodes} nodes.");
        Nodes = nodes;
        LineNodes = lineNodes;
        Vocabulary = EdgeList.VocabularyOf(nodes);
        ValidAnswerCount = CountValidAnswers(nodes, lineNodes);
        TrainingAnswers = [.. trainingAnswers];
        foreach (var answer in TrainingAnswers)
        {
            var judgement = Judge(answer);
            if (!judgement.Coherent) throw new ArgumentException($"Training answer {Vocabulary.Decode(answer)} is not a line.", nameof(trainingAnswers));
            trainingKeys.Add(judgement.EquivalenceKey);
            trainingPatterns.Add(EdgeList.PatternOf(EdgeList.ReadAny(answer, nodes)!));
        }
        if (TrainingAnswers.Count == 0) throw new ArgumentException("The training set is empty.", nameof(trainingAnswers));
        TrainingExamples = [.. TrainingAnswers.Select(answer => new TrainingExample(AnswerPrompt, answer))];
    }

    /// <summary>Draws distinct random lines from <paramref name="seed"/> until the training set is full.</summary>
    public static LineConstruction Generate(int nodes, int lineNodes, TrainingSize training, int seed)
    {
        var count = training.Of(CountValidAnswers(nodes, lineNodes));
        var answers = EdgeList.DrawDistinct(count, random =>
        {
            var order = Enumerable.Range(0, nodes).ToArray();
            random.Shuffle(order);
            return [.. Enumerable.Range(0, lineNodes - 1).Select(i => (order[i], order[i + 1]))];
        }, new Random(seed));
        return new LineConstruction(nodes, lineNodes, answers);
    }

    /// <summary>Directed lines through k of N nodes: the ordered selections N!/(N − k)!.</summary>
    public static long CountValidAnswers(int nodes, int lineNodes) => EdgeList.Arrangements(nodes, lineNodes);

    public int Nodes { get; }
    public int LineNodes { get; }
    public Vocabulary Vocabulary { get; }
    public int[] AnswerPrompt { get; } = [Vocabulary.Begin];
    public int MaxAnswerLength => 2 * (LineNodes - 1) + 1;
    public long ValidAnswerCount { get; }
    public TeacherlessLayout TeacherlessLayout => TeacherlessLayout.Whole;
    public IReadOnlyList<int[]> TrainingAnswers { get; }
    public IReadOnlyList<TrainingExample> TrainingExamples { get; }

    public Judgement Judge(IReadOnlyList<int> answer)
    {
        if (!EdgeList.TryParse(answer, Nodes, LineNodes - 1, out var edges))
            return new Judgement(Coherent: false, Memorized: false, EquivalenceKey: "malformed: " + Vocabulary.Decode(answer));
        var key = EdgeList.KeyOf(edges);
        var coherent = IsOneLine(edges);
        return new Judgement(coherent, coherent && trainingKeys.Contains(key), key);
    }

    public ReferenceJudgement JudgeAsReference(IReadOnlyList<int> answer) => EdgeList.ReadAny(answer, Nodes) is { } edges
        ? new ReferenceJudgement(EdgeList.IsReferenceLine(edges), trainingPatterns.Contains(EdgeList.PatternOf(edges)))
        : new ReferenceJudgement(false, false);

    private static bool IsOneLine((int From, int To)[] edges)
    {
        var successor = EdgeList.Successors(edges);
        if (successor is null) return false;
        var starts = successor.Keys.Except(edges.Select(edge => edge.To)).ToList();
        if (starts.Count != 1) return false; // none: a cycle; several: more than one piece
        var node = starts[0];
        var walked = 0;
        while (successor.TryGetValue(node, out var next))
        {
            node = next;
            if (++walked > edges.Length) return false;
        }
        return walked == edges.Length;
    }
}
