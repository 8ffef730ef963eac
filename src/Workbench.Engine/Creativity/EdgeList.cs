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

    /// <summary>n choose k, exactly (each partial product C(n, i + 1) = C(n, i)·(n − i)/(i + 1) is whole).</summary>
    /// <exception cref="OverflowException">beyond a long</exception>
    public static long Choose(int n, int k)
    {
        long result = 1;
        for (var i = 0; i < k; i++) result = checked(result * (n - i)) / (i + 1);
        return result;
    }

    /// <summary>n!/(n−k)!: ordered selections of k distinct nodes, exactly.</summary>
    /// <exception cref="OverflowException">beyond a long</exception>
    public static long Arrangements(int n, int k)
    {
        long result = 1;
        for (var i = 0; i < k; i++) result = checked(result * (n - i));
        return result;
    }

    /// <summary>
    /// The authors' reading of an answer (their edges are joined by <c>&lt;sep&gt;</c>, ours follow each other): every node
    /// pair before the end token, however many. Null when there is no end token, no pair, an odd number of tokens or a
    /// token that is not a node, which their parser refuses too.
    /// </summary>
    public static (int From, int To)[]? ReadAny(IReadOnlyList<int> answer, int nodes)
    {
        if (answer.Count < 3 || answer[^1] != Vocabulary.End || (answer.Count - 1) % 2 != 0) return null;
        var edges = new (int, int)[(answer.Count - 1) / 2];
        for (var i = 0; i < edges.Length; i++)
        {
            var (from, to) = (answer[2 * i] - FirstNodeToken, answer[2 * i + 1] - FirstNodeToken);
            if (from < 0 || from >= nodes || to < 0 || to >= nodes) return null;
            edges[i] = (from, to);
        }
        return edges;
    }

    /// <summary>
    /// The authors' <c>canonicalize</c>: nodes renamed 0, 1, 2 … in order of first appearance, edges kept in the order
    /// listed, e.g. n3 n1, n1 n7 → "0>1 1>2". Two answers with the same pattern are "seen" alike, whatever their nodes.
    /// </summary>
    public static string PatternOf(IEnumerable<(int From, int To)> edges)
    {
        var names = new Dictionary<int, int>();
        int Name(int node) => names.TryGetValue(node, out var name) ? name : names[node] = names.Count;
        return string.Join(' ', edges.Select(edge => { var from = Name(edge.From); return $"{from}>{Name(edge.To)}"; }));
    }

    /// <summary>
    /// The authors' <c>get_validity_score</c> for circles, step for step: undirected, any length; every node named exactly
    /// twice; then a walk from the first node named, always to the first neighbour that is neither the previous node nor
    /// visited, must end next to the start having visited every node. (So a repeated edge, two nodes, is a circle too.)
    /// </summary>
    public static bool IsReferenceCircle((int From, int To)[] edges)
    {
        var (order, counts, neighbours) = Undirected(edges);
        if (counts.Values.Any(count => count != 2)) return false;
        return Walk(order[0], neighbours, (last, visited) => neighbours[last].Contains(order[0]) && visited == counts.Count);
    }

    /// <summary>
    /// The authors' <c>get_validity_score</c> for lines: undirected, any length; exactly two nodes named once and the rest
    /// twice; a walk (as for circles) from the first node named once must visit every node.
    /// </summary>
    public static bool IsReferenceLine((int From, int To)[] edges)
    {
        var (order, counts, neighbours) = Undirected(edges);
        var once = counts.Values.Count(count => count == 1);
        var twice = counts.Values.Count(count => count == 2);
        if (once != 2 || twice != counts.Count - 2) return false;
        return Walk(order.First(node => counts[node] == 1), neighbours, (_, visited) => visited == counts.Count);
    }

    /// <returns>the nodes in order of first appearance, how often each is named, and its neighbours in the order named</returns>
    private static (List<int> Order, Dictionary<int, int> Counts, Dictionary<int, List<int>> Neighbours) Undirected((int From, int To)[] edges)
    {
        var order = new List<int>();
        var counts = new Dictionary<int, int>();
        var neighbours = new Dictionary<int, List<int>>();
        foreach (var (from, to) in edges)
        {
            foreach (var node in new[] { from, to })
            {
                if (counts.TryAdd(node, 1)) order.Add(node);
                else counts[node]++;
            }
        }
        foreach (var (from, to) in edges)
        {
            (neighbours.TryGetValue(from, out var a) ? a : neighbours[from] = []).Add(to);
            (neighbours.TryGetValue(to, out var b) ? b : neighbours[to] = []).Add(from);
        }
        return (order, counts, neighbours);
    }

    /// <summary>The authors' walk; <paramref name="atDeadEnd"/> (last node, nodes visited) decides when it cannot go on.</summary>
    private static bool Walk(int start, Dictionary<int, List<int>> neighbours, Func<int, int, bool> atDeadEnd)
    {
        var visited = new HashSet<int>();
        var current = start;
        int? previous = null;
        while (visited.Add(current))
        {
            int? next = null;
            foreach (var neighbour in neighbours[current])
                if (neighbour != previous && !visited.Contains(neighbour)) { next = neighbour; break; }
            if (next is not int step) return atDeadEnd(current, visited.Count);
            previous = current;
            current = step;
        }
        return false;
    }
}
