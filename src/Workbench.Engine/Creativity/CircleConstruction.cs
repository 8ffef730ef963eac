using Workbench.Engine.Tokens;
using Workbench.Engine.Training;

namespace Workbench.Engine.Creativity;

/// <summary>
/// Circle construction (algorithmic-creativity.md, "The four tasks"): write the directed edges of one
/// closed cycle through <c>k</c> distinct nodes out of <c>N</c>, in any order (<see cref="EdgeList"/>).
/// There is no hidden graph: the rules are the structure, and the training set S is a sample of random
/// circles over random node subsets, edges shuffled.
/// <list type="bullet">
/// <item><b>Coherent</b>: exactly k well-formed edges, no self-loop, every node with one successor and one
/// predecessor, and following successors from any node returns to it after exactly k edges (so not two
/// smaller disjoint cycles, and no repeated edge).</item>
/// <item><b>Equivalence</b>: a circle is its set of directed edges; the order they are listed in does not
/// matter (<c>a→b, b→c, c→a</c> ≡ <c>c→a, a→b, b→c</c>), the direction does. A malformed answer is
/// equivalent only to the identical token sequence.</item>
/// <item><b>Memorized</b>: equivalent to a training circle.</item>
/// </list>
/// The authors' checker (<see cref="JudgeAsReference"/>, <c>circle-construction/ntp/eval_qa.py</c>) is looser: undirected, of
/// any length (<see cref="EdgeList.IsReferenceCircle"/>), and an answer is "seen" when its node pattern up to renaming, edges
/// in the order listed, is a training answer's (<see cref="EdgeList.PatternOf"/>) — n0 n1 n1 n2 … and n5 n3 n3 n8 … alike.
/// The authors' sizes: 10 node tokens, circles of 9 nodes (9 edges), 10,000 training answers.
/// </summary>
public sealed class CircleConstruction : ICreativityTask
{
    private readonly HashSet<string> trainingKeys = [];
    private readonly HashSet<string> trainingPatterns = [];

    /// <param name="circleNodes">k, the nodes (and edges) of every circle: 3 to <paramref name="nodes"/></param>
    public CircleConstruction(int nodes, int circleNodes, IEnumerable<int[]> trainingAnswers)
    {
        if (circleNodes < 3 || circleNodes > nodes) throw new ArgumentOutOfRangeException(nameof(circleNodes), $"A circle needs 3 to {nodes} nodes.");
        Nodes = nodes;
        CircleNodes = circleNodes;
        Vocabulary = EdgeList.VocabularyOf(nodes);
        ValidAnswerCount = CountValidAnswers(nodes, circleNodes);
        TrainingAnswers = [.. trainingAnswers];
        foreach (var answer in TrainingAnswers)
        {
            var judgement = Judge(answer);
            if (!judgement.Coherent) throw new ArgumentException($"Training answer {Vocabulary.Decode(answer)} is not a circle.", nameof(trainingAnswers));
            trainingKeys.Add(judgement.EquivalenceKey);
            trainingPatterns.Add(EdgeList.PatternOf(EdgeList.ReadAny(answer, nodes)!));
        }
        if (TrainingAnswers.Count == 0) throw new ArgumentException("The training set is empty.", nameof(trainingAnswers));
        TrainingExamples = [.. TrainingAnswers.Select(answer => new TrainingExample(AnswerPrompt, answer))];
    }

    /// <summary>Draws distinct random circles from <paramref name="seed"/> until the training set is full.</summary>
    public static CircleConstruction Generate(int nodes, int circleNodes, TrainingSize training, int seed)
    {
        var count = training.Of(CountValidAnswers(nodes, circleNodes));
        var answers = EdgeList.DrawDistinct(count, random =>
        {
            var order = Enumerable.Range(0, nodes).ToArray();
            random.Shuffle(order);
            return [.. Enumerable.Range(0, circleNodes).Select(i => (order[i], order[(i + 1) % circleNodes]))];
        }, new Random(seed));
        return new CircleConstruction(nodes, circleNodes, answers);
    }

    /// <summary>Directed circles through k of N nodes: C(N, k) node sets × (k − 1)! cyclic orders.</summary>
    public static long CountValidAnswers(int nodes, int circleNodes) =>
        EdgeList.Choose(nodes, circleNodes) * EdgeList.Arrangements(circleNodes - 1, circleNodes - 1);

    public int Nodes { get; }
    public int CircleNodes { get; }
    public Vocabulary Vocabulary { get; }
    public int[] AnswerPrompt { get; } = [Vocabulary.Begin];
    public int MaxAnswerLength => 2 * CircleNodes + 1;
    public long ValidAnswerCount { get; }
    public TeacherlessLayout TeacherlessLayout => TeacherlessLayout.Whole;
    public IReadOnlyList<int[]> TrainingAnswers { get; }
    public IReadOnlyList<TrainingExample> TrainingExamples { get; }

    public Judgement Judge(IReadOnlyList<int> answer)
    {
        if (!EdgeList.TryParse(answer, Nodes, CircleNodes, out var edges))
            return new Judgement(Coherent: false, Memorized: false, EquivalenceKey: "malformed: " + Vocabulary.Decode(answer));
        var key = EdgeList.KeyOf(edges);
        var coherent = IsOneCircle(edges);
        return new Judgement(coherent, coherent && trainingKeys.Contains(key), key);
    }

    public ReferenceJudgement JudgeAsReference(IReadOnlyList<int> answer) => EdgeList.ReadAny(answer, Nodes) is { } edges
        ? new ReferenceJudgement(EdgeList.IsReferenceCircle(edges), trainingPatterns.Contains(EdgeList.PatternOf(edges)))
        : new ReferenceJudgement(false, false);

    private static bool IsOneCircle((int From, int To)[] edges)
    {
        var successor = EdgeList.Successors(edges);
        if (successor is null) return false;
        // One successor and one predecessor each; a node with a predecessor but no successor breaks the cycle.
        if (edges.Any(edge => !successor.ContainsKey(edge.To))) return false;
        var start = edges[0].From;
        var node = start;
        for (var step = 1; step <= edges.Length; step++)
        {
            node = successor[node];
            if (node == start) return step == edges.Length; // back early: a smaller cycle, another one elsewhere
        }
        return false;
    }
}
