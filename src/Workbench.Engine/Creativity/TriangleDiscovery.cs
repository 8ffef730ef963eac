using Workbench.Engine.Tokens;
using Workbench.Engine.Training;

namespace Workbench.Engine.Creativity;

/// <summary>
/// Triangle discovery (algorithmic-creativity.md, "The four tasks"): name three nodes of a hidden
/// undirected graph that are pairwise adjacent. Node tokens are <c>n0 … n{N-1}</c>; two marker tokens say
/// what a sequence holds:
/// <list type="bullet">
/// <item><b>Edge sequences</b> teach the graph: <c>&lt;bos&gt; edge a b &lt;eos&gt;</c>, every edge in both orders.</item>
/// <item><b>Answers</b> follow <c>&lt;bos&gt; triangle</c>: <c>a b c &lt;eos&gt;</c>. The training set S is a
/// sample of the graph's triangles, each written in a random node order.</item>
/// <item><b>Coherent</b>: exactly three node tokens then the end token, the nodes distinct and pairwise adjacent.</item>
/// <item><b>Equivalence</b>: a triangle is its set of three nodes (<c>n1 n5 n2</c> ≡ <c>n2 n1 n5</c>); a
/// malformed answer is equivalent only to the identical token sequence.</item>
/// <item><b>Memorized</b>: equivalent to a training triangle.</item>
/// </list>
/// Both prompts have two tokens, so every training sequence's answer starts at the same position.
/// </summary>
public sealed class TriangleDiscovery : ICreativityTask
{
    /// <summary>node, node, node, end.</summary>
    public const int AnswerLength = 4;

    public const string EdgeMarker = "edge";
    public const string TriangleMarker = "triangle";

    private readonly int firstNodeToken;
    private readonly HashSet<string> trainingKeys = [];

    /// <param name="trainingTriangles">the training answers, each in the node order it is written</param>
    public TriangleDiscovery(TriangleGraph graph, IEnumerable<(int A, int B, int C)> trainingTriangles)
    {
        Graph = graph;
        Vocabulary = new Vocabulary([EdgeMarker, TriangleMarker, .. Enumerable.Range(0, graph.Nodes).Select(NodeName)]);
        firstNodeToken = Vocabulary.IdOf(NodeName(0));
        AnswerPrompt = [Vocabulary.Begin, Vocabulary.IdOf(TriangleMarker)];
        ValidAnswerCount = graph.Triangles().Count();

        var answers = new List<int[]>();
        foreach (var (a, b, c) in trainingTriangles)
        {
            int[] answer = [NodeToken(a), NodeToken(b), NodeToken(c), Vocabulary.End];
            var judgement = Judge(answer);
            if (!judgement.Coherent) throw new ArgumentException($"Training answer n{a} n{b} n{c} is not a triangle.", nameof(trainingTriangles));
            answers.Add(answer);
            trainingKeys.Add(judgement.EquivalenceKey);
        }
        if (answers.Count == 0) throw new ArgumentException("The training set is empty.", nameof(trainingTriangles));
        TrainingAnswers = answers;

        int[] edgePrompt = [Vocabulary.Begin, Vocabulary.IdOf(EdgeMarker)];
        var edgeExamples = graph.Edges().SelectMany(edge => new[]
        {
            new TrainingExample(edgePrompt, [NodeToken(edge.A), NodeToken(edge.B), Vocabulary.End]),
            new TrainingExample(edgePrompt, [NodeToken(edge.B), NodeToken(edge.A), Vocabulary.End]),
        });
        TrainingExamples = [.. edgeExamples, .. answers.Select(answer => new TrainingExample(AnswerPrompt, answer))];
    }

    /// <summary>
    /// Generates the graph from <paramref name="seed"/>, then picks <see cref="SiblingDiscovery.TrainingAnswerCount"/>
    /// of its triangles for training, each in a random node order; one <see cref="Random"/>, graph first.
    /// </summary>
    /// <exception cref="ArgumentException">the graph has fewer than two triangles</exception>
    public static TriangleDiscovery Generate(int nodes, double edgeProbability, double trainingFraction, int seed)
    {
        var random = new Random(seed);
        var graph = TriangleGraph.Generate(nodes, edgeProbability, random);
        var triangles = graph.Triangles().ToArray();
        if (triangles.Length < 2) throw new ArgumentException($"The graph has {triangles.Length} triangles; at least 2 are needed.");
        random.Shuffle(triangles);
        var shown = triangles.Take(SiblingDiscovery.TrainingAnswerCount(triangles.Length, trainingFraction)).Select(triangle =>
        {
            int[] order = [triangle.A, triangle.B, triangle.C];
            random.Shuffle(order);
            return (order[0], order[1], order[2]);
        }).ToList();
        return new TriangleDiscovery(graph, shown);
    }

    /// <summary>How many triangles the graph of this seed has (generating it is cheap).</summary>
    public static int CountValidAnswers(int nodes, double edgeProbability, int seed) =>
        TriangleGraph.Generate(nodes, edgeProbability, new Random(seed)).Triangles().Count();

    public static string NodeName(int node) => $"n{node}";

    public TriangleGraph Graph { get; }
    public Vocabulary Vocabulary { get; }
    public int[] AnswerPrompt { get; }
    public int MaxAnswerLength => AnswerLength;
    public int ValidAnswerCount { get; }
    public IReadOnlyList<int[]> TrainingAnswers { get; }
    public IReadOnlyList<TrainingExample> TrainingExamples { get; }

    public Judgement Judge(IReadOnlyList<int> answer)
    {
        if (answer.Count != AnswerLength || answer[3] != Vocabulary.End
            || !TryNode(answer[0], out var a) || !TryNode(answer[1], out var b) || !TryNode(answer[2], out var c))
            return new Judgement(Coherent: false, Memorized: false, EquivalenceKey: "malformed: " + Vocabulary.Decode(answer));
        int[] nodes = [a, b, c];
        Array.Sort(nodes);
        var key = string.Join(' ', nodes.Select(NodeName));
        var coherent = a != b && b != c && a != c && Graph.Adjacent(a, b) && Graph.Adjacent(b, c) && Graph.Adjacent(a, c);
        return new Judgement(coherent, trainingKeys.Contains(key), key);
    }

    private int NodeToken(int node) => firstNodeToken + node;

    private bool TryNode(int token, out int node)
    {
        node = token - firstNodeToken;
        return node >= 0 && node < Graph.Nodes;
    }
}
