using Workbench.Engine.Tokens;

namespace Workbench.Engine.Creativity;

/// <summary>
/// The answer format of circle and line construction: directed edges written as pairs of node tokens
/// (<c>n0 n3 n3 n1 n1 n0 &lt;eos&gt;</c> is n0→n3, n3→n1, n1→n0), in any order, then the end token.
/// Node tokens are <c>n0 … n{N-1}</c>, the task's only tokens.
/// </summary>
public static class EdgeList
{
    public static string NodeName(int node) => $"n{node}";

    public static Vocabulary VocabularyOf(int nodes) => new(Enumerable.Range(0, nodes).Select(NodeName));

    /// <summary>The first node token's id: node tokens follow the special tokens.</summary>
    private const int FirstNodeToken = Vocabulary.End + 1;

    /// <summary>Token ids of edges, then the end token.</summary>
    public static int[] Encode(IEnumerable<(int From, int To)> edges) =>
        [.. edges.SelectMany(edge => new[] { FirstNodeToken + edge.From, FirstNodeToken + edge.To }), Vocabulary.End];

    /// <summary>
    /// Reads exactly <paramref name="edgeCount"/> node pairs followed by the end token; anything else
    /// (a special token or unknown id where a node belongs, an odd number of nodes, a missing end) is malformed.
    /// </summary>
    public static bool TryParse(IReadOnlyList<int> answer, int nodes, int edgeCount, out (int From, int To)[] edges)
    {
        edges = [];
        if (answer.Count != 2 * edgeCount + 1 || answer[^1] != Vocabulary.End) return false;
        var parsed = new (int, int)[edgeCount];
        for (var i = 0; i < edgeCount; i++)
        {
            var from = answer[2 * i] - FirstNodeToken;
            var to = answer[2 * i + 1] - FirstNodeToken;
            if (from < 0 || from >= nodes || to < 0 || to >= nodes) return false;
            parsed[i] = (from, to);
        }
        edges = parsed;
        return true;
    }

    /// <summary>The equivalence key: the set of directed edges, sorted, e.g. <c>n0>n3 n1>n0 n3>n1</c>.
    /// A repeated edge stays repeated, so it never equals a valid structure's key.</summary>
    public static string KeyOf(IEnumerable<(int From, int To)> edges) =>
        string.Join(' ', edges.Order().Select(edge => $"{NodeName(edge.From)}>{NodeName(edge.To)}"));

    /// <summary>
    /// Successor of every node that has one, or null when some node has two successors or two
    /// predecessors, or an edge is a self-loop: then the edges cannot be one circle or one line.
    /// </summary>
    public static Dictionary<int, int>? Successors((int From, int To)[] edges)
    {
        var successor = new Dictionary<int, int>();
        var predecessors = new HashSet<int>();
        foreach (var (from, to) in edges)
            if (from == to || !successor.TryAdd(from, to) || !predecessors.Add(to)) return null;
        return successor;
    }

    /// <summary>Training answers: distinct structures drawn by <paramref name="draw"/> until there are
    /// <paramref name="count"/>, kept in the order drawn; each structure's edges in a random order.</summary>
    public static List<int[]> DrawDistinct(int count, Func<Random, (int From, int To)[]> draw, Random random)
    {
        var keys = new HashSet<string>();
        var answers = new List<int[]>(count);
        while (answers.Count < count)
        {
            var edges = draw(random);
            if (!keys.Add(KeyOf(edges))) continue;
            random.Shuffle(edges);
            answers.Add(Encode(edges));
        }
        return answers;
    }

    /// <summary>n choose k, as a double so that large values do not overflow.</summary>
    public static double Choose(int n, int k)
    {
        var result = 1.0;
        for (var i = 0; i < k; i++) result = result * (n - i) / (i + 1);
        return Math.Round(result);
    }

    /// <summary>n!/(n−k)!: ordered selections of k distinct nodes.</summary>
    public static double Arrangements(int n, int k)
    {
        var result = 1.0;
        for (var i = 0; i < k; i++) result *= n - i;
        return result;
    }
}
