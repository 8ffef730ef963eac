using Workbench.Engine.Tokens;
using Workbench.Engine.Training;

namespace Workbench.Engine.Creativity;

/// <summary>
/// Triangle discovery (algorithmic-creativity.md, "The four tasks"): name three nodes of a hidden
/// undirected graph that are pairwise adjacent. Node tokens are <c>n0 … n{N-1}</c>; two marker tokens say
/// what a sequence holds:
/// <list type="bullet">
/// <item><b>Edge sequences</b> teach the graph: <c>&lt;bos&gt; edge a b &lt;eos&gt;</c>, every edge in both orders
/// (edge format: <c>&lt;bos&gt; edge a b &lt;sep&gt; b a &lt;eos&gt;</c>, once per edge).</item>
/// <item><b>Answers</b> follow <c>&lt;bos&gt; triangle</c>: <c>a b c &lt;eos&gt;</c> (edge format, as the authors write
/// them: <c>a b &lt;sep&gt; b c &lt;sep&gt; c a &lt;eos&gt;</c>). The training set S is a sample of the graph's triangles,
/// each written in a random node order.</item>
/// <item><b>Coherent</b>: exactly three node tokens then the end token, the nodes distinct and pairwise adjacent (edge
/// format: three edges that chain a→b, b→c, c→a, separated as above).</item>
/// <item><b>Equivalence</b>: a triangle is its set of three nodes (<c>n1 n5 n2</c> ≡ <c>n2 n1 n5</c>); a
/// malformed answer is equivalent only to the identical token sequence.</item>
/// <item><b>Memorized</b>: equivalent to a training triangle.</item>
/// </list>
/// Both prompts have two tokens, so every training sequence's answer starts at the same position.
/// <para>The planted graph (<see cref="GeneratePlanted"/>) is the authors': its training set is their 15,000 draws with
/// replacement, each a triangle with chance 1/3 (<c>u v w</c> for a random u and two of its neighbours that are joined)
/// and otherwise an edge (u and one of its neighbours, one sequence). Their edge sequences carry no seed prefix; ours
/// do when seed-conditioned, like every training sequence.</para>
/// <para>The authors' checker (<see cref="JudgeAsReference"/>): in the edge format it reads the first two parts between
/// separators as <c>a b</c> and <c>b' c</c> and calls the answer valid when a–b', b'–c and c–a are edges, ignoring the first
/// part's second node and the whole third part; it calls it seen when the first node of each of the first three parts,
/// as a set, is a training triangle. In the node format the same reading is a–b, b–c, c–a and the node set.</para>
/// </summary>
public sealed class TriangleDiscovery : ICreativityTask
{
    public const string EdgeMarker = "edge";
    public const string TriangleMarker = "triangle";
    public const string Separator = "<sep>";

    /// <summary>The authors' share of triangle draws among the planted graph's training draws.</summary>
    public const double PlantedTriangleShare = 1.0 / 3;

    private readonly int firstNodeToken;
    private readonly int separator = -1;
    private readonly HashSet<string> trainingKeys = [];

    /// <param name="trainingTriangles">the training answers, each in the node order it is written</param>
    public TriangleDiscovery(TriangleGraph graph, IEnumerable<(int A, int B, int C)> trainingTriangles, TriangleAnswerFormat format = TriangleAnswerFormat.Nodes)
        : this(graph, [.. EveryEdge(graph, format), .. trainingTriangles.Select(TrainingDraw.Triangle)], format)
    {
    }

    /// <param name="draws">every training sequence in order: edges and triangles, repeats allowed</param>
    public TriangleDiscovery(TriangleGraph graph, IReadOnlyList<TrainingDraw> draws, TriangleAnswerFormat format)
    {
        Graph = graph;
        Format = format;
        Vocabulary = new Vocabulary([EdgeMarker, TriangleMarker, .. Enumerable.Range(0, graph.Nodes).Select(NodeName),
            .. format == TriangleAnswerFormat.Edges ? [Separator] : Array.Empty<string>()]);
        firstNodeToken = Vocabulary.IdOf(NodeName(0));
        if (format == TriangleAnswerFormat.Edges) separator = Vocabulary.IdOf(Separator);
        AnswerPrompt = [Vocabulary.Begin, Vocabulary.IdOf(TriangleMarker)];
        ValidAnswerCount = graph.Triangles().Count();

        int[] edgePrompt = [Vocabulary.Begin, Vocabulary.IdOf(EdgeMarker)];
        var answers = new List<int[]>();
        var examples = new List<TrainingExample>();
        foreach (var draw in draws)
        {
            if (draw.IsEdge)
            {
                if (!graph.Adjacent(draw.A, draw.B)) throw new ArgumentException($"Training edge n{draw.A} n{draw.B} is not in the graph.", nameof(draws));
                examples.Add(new TrainingExample(edgePrompt, format == TriangleAnswerFormat.Edges
                    ? [NodeToken(draw.A), NodeToken(draw.B), separator, NodeToken(draw.B), NodeToken(draw.A), Vocabulary.End]
                    : [NodeToken(draw.A), NodeToken(draw.B), Vocabulary.End]));
                continue;
            }
            var answer = Write(draw.A, draw.B, draw.C);
            var judgement = Judge(answer);
            if (!judgement.Coherent) throw new ArgumentException($"Training answer n{draw.A} n{draw.B} n{draw.C} is not a triangle.", nameof(draws));
            answers.Add(answer);
            trainingKeys.Add(judgement.EquivalenceKey);
            examples.Add(new TrainingExample(AnswerPrompt, answer));
        }
        if (answers.Count == 0) throw new ArgumentException("The training set has no triangle.", nameof(draws));
        TrainingAnswers = answers;
        TrainingExamples = examples;
    }

    /// <summary>One training sequence of triangle discovery: an edge (a, b), or a triangle (a, b, c) in that order.</summary>
    public readonly record struct TrainingDraw(int A, int B, int C, bool IsEdge)
    {
        public static TrainingDraw Edge(int a, int b) => new(a, b, -1, true);

        public static TrainingDraw Triangle((int A, int B, int C) triangle) => new(triangle.A, triangle.B, triangle.C, false);
    }

    /// <summary>Every edge both ways (node format) or once, smaller node first (edge format, whose sequence holds both ways).</summary>
    private static IEnumerable<TrainingDraw> EveryEdge(TriangleGraph graph, TriangleAnswerFormat format) =>
        graph.Edges().SelectMany(edge => format == TriangleAnswerFormat.Edges
            ? [TrainingDraw.Edge(edge.A, edge.B)]
            : new[] { TrainingDraw.Edge(edge.A, edge.B), TrainingDraw.Edge(edge.B, edge.A) });

    /// <summary>
    /// Generates an Erdős–Rényi graph from <paramref name="seed"/>, then picks as many of its triangles as
    /// <paramref name="training"/> says, each in a random node order; one <see cref="Random"/>, graph first.
    /// </summary>
    /// <exception cref="ArgumentException">the graph has fewer than two triangles</exception>
    public static TriangleDiscovery Generate(int nodes, double edgeProbability, TrainingSize training, int seed,
        TriangleAnswerFormat format = TriangleAnswerFormat.Nodes)
    {
        var random = new Random(seed);
        var graph = TriangleGraph.Generate(nodes, edgeProbability, random);
        var triangles = graph.Triangles().ToArray();
        if (triangles.Length < 2) throw new ArgumentException($"The graph has {triangles.Length} triangles; at least 2 are needed.");
        random.Shuffle(triangles);
        var shown = triangles.Take(training.Of(triangles.Length)).Select(triangle =>
        {
            int[] order = [triangle.A, triangle.B, triangle.C];
            random.Shuffle(order);
            return (order[0], order[1], order[2]);
        }).ToList();
        return new TriangleDiscovery(graph, shown, format);
    }

    /// <summary>
    /// The authors' planted graph and training draws (<c>build_dataset</c> in <c>triangle.ipynb</c>) from <paramref name="seed"/>:
    /// each of <paramref name="draws"/> is, with chance 1/3, a triangle (a random u and two random neighbours v, w, drawn
    /// again until v and w are joined; none when u has fewer than two neighbours), else an edge (a random u and a random
    /// neighbour).
    /// </summary>
    public static TriangleDiscovery GeneratePlanted(int nodes, int draws, int seed, TriangleAnswerFormat format = TriangleAnswerFormat.Nodes)
    {
        var random = new Random(seed);
        var (graph, neighbours) = TriangleGraph.GeneratePlanted(nodes, random);
        var sequences = new List<TrainingDraw>(draws);
        for (var draw = 0; draw < draws; draw++)
        {
            if (random.NextDouble() < PlantedTriangleShare)
            {
                while (true)
                {
                    var u = random.Next(nodes);
                    if (neighbours[u].Count < 2) break;
                    var pair = TriangleGraph.Sample(neighbours[u], 2, random);
                    if (!graph.Adjacent(pair[0], pair[1])) continue;
                    sequences.Add(TrainingDraw.Triangle((u, pair[0], pair[1])));
                    break;
                }
            }
            else
            {
                var u = random.Next(nodes);
                if (neighbours[u].Count > 0) sequences.Add(TrainingDraw.Edge(u, neighbours[u][random.Next(neighbours[u].Count)]));
            }
        }
        return new TriangleDiscovery(graph, sequences, format);
    }

    /// <summary>How many triangles the Erdős–Rényi graph of this seed has (generating it is cheap).</summary>
    public static int CountValidAnswers(int nodes, double edgeProbability, int seed) =>
        TriangleGraph.Generate(nodes, edgeProbability, new Random(seed)).Triangles().Count();

    /// <summary>The planted graph's triangles and how many distinct ones its training draws show.</summary>
    public static (long Valid, long Shown) CountPlanted(int nodes, int draws, int seed)
    {
        var task = GeneratePlanted(nodes, draws, seed);
        return (task.ValidAnswerCount, task.trainingKeys.Count);
    }

    public static string NodeName(int node) => $"n{node}";

    public TriangleGraph Graph { get; }
    public TriangleAnswerFormat Format { get; }
    public Vocabulary Vocabulary { get; }
    public int[] AnswerPrompt { get; }
    public int MaxAnswerLength => Format == TriangleAnswerFormat.Edges ? 9 : 4;
    public long ValidAnswerCount { get; }
    public TeacherlessLayout TeacherlessLayout => TeacherlessLayout.Whole;
    public IReadOnlyList<int[]> TrainingAnswers { get; }
    public IReadOnlyList<TrainingExample> TrainingExamples { get; }

    public Judgement Judge(IReadOnlyList<int> answer)
    {
        if (!TryRead(answer, out var a, out var b, out var c))
            return new Judgement(Coherent: false, Memorized: false, EquivalenceKey: "malformed: " + Vocabulary.Decode(answer));
        var key = KeyOf(a, b, c);
        var coherent = a != b && b != c && a != c && Graph.Adjacent(a, b) && Graph.Adjacent(b, c) && Graph.Adjacent(a, c);
        return new Judgement(coherent, trainingKeys.Contains(key), key);
    }

    public ReferenceJudgement JudgeAsReference(IReadOnlyList<int> answer)
    {
        if (answer.Count == 0 || answer[^1] != Vocabulary.End) return new ReferenceJudgement(false, false);
        var body = answer.Take(answer.Count - 1).ToList();
        if (Format == TriangleAnswerFormat.Nodes)
        {
            var nodes = body.Select(token => TryNode(token, out var node) ? node : -1).ToList();
            if (nodes.Count != 3 || nodes.Contains(-1)) return new ReferenceJudgement(false, false);
            var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
            return new ReferenceJudgement(Graph.Adjacent(a, b) && Graph.Adjacent(b, c) && Graph.Adjacent(c, a), trainingKeys.Contains(KeyOf(a, b, c)));
        }
        var parts = Split(body);
        // canonicalize: the first node of each of the first three parts, as a set.
        var seen = parts.Count >= 3 && parts.Take(3).Select(FirstNode).ToList() is var firsts && !firsts.Contains(-1)
            && trainingKeys.Contains(KeyOf(firsts[0], firsts[1], firsts[2]));
        // get_validity_score: "a b", "b c", anything; a–b, b–c, c–a with b taken from the second part.
        var valid = parts.Count == 3 && parts[0].Count == 2 && parts[1].Count == 2
            && TryNode(parts[0][0], out var first) && TryNode(parts[1][0], out var second) && TryNode(parts[1][1], out var third)
            && Graph.Adjacent(first, second) && Graph.Adjacent(second, third) && Graph.Adjacent(third, first);
        return new ReferenceJudgement(valid, seen);

        int FirstNode(List<int> part) => part.Select(token => TryNode(token, out var node) ? node : -1).FirstOrDefault(node => node >= 0, -1);
    }

    private List<List<int>> Split(List<int> body)
    {
        var parts = new List<List<int>> { new() };
        foreach (var token in body)
        {
            if (token == separator) parts.Add([]);
            else parts[^1].Add(token);
        }
        return parts;
    }

    /// <summary>The answer's three nodes in the order written, when it is well-formed (edge format: the edges chain a→b, b→c, c→a).</summary>
    private bool TryRead(IReadOnlyList<int> answer, out int a, out int b, out int c)
    {
        a = b = c = -1;
        if (answer.Count != MaxAnswerLength || answer[^1] != Vocabulary.End) return false;
        if (Format == TriangleAnswerFormat.Nodes)
            return TryNode(answer[0], out a) && TryNode(answer[1], out b) && TryNode(answer[2], out c);
        return answer[2] == separator && answer[5] == separator && answer[3] == answer[1] && answer[6] == answer[4] && answer[7] == answer[0]
            && TryNode(answer[0], out a) && TryNode(answer[1], out b) && TryNode(answer[4], out c);
    }

    private int[] Write(int a, int b, int c) => Format == TriangleAnswerFormat.Edges
        ? [NodeToken(a), NodeToken(b), separator, NodeToken(b), NodeToken(c), separator, NodeToken(c), NodeToken(a), Vocabulary.End]
        : [NodeToken(a), NodeToken(b), NodeToken(c), Vocabulary.End];

    /// <summary>The node set, ascending: <c>n1 n2 n5</c>.</summary>
    private static string KeyOf(int a, int b, int c)
    {
        int[] nodes = [a, b, c];
        Array.Sort(nodes);
        return string.Join(' ', nodes.Select(NodeName));
    }

    private int NodeToken(int node) => firstNodeToken + node;

    private bool TryNode(int token, out int node)
    {
        node = token - firstNodeToken;
        return node >= 0 && node < Graph.Nodes;
    }
}
