namespace Workbench.Engine.Creativity;

/// <summary>
/// The hidden structure of triangle discovery: an undirected graph without self-loops on nodes numbered from 0.
/// </summary>
public sealed class TriangleGraph
{
    private readonly bool[,] adjacent;

    /// <param name="edges">undirected edges between distinct nodes; listing one twice is harmless</param>
    public TriangleGraph(int nodes, IEnumerable<(int A, int B)> edges)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 3);
        Nodes = nodes;
        adjacent = new bool[nodes, nodes];
        foreach (var (a, b) in edges)
        {
            if (a == b || a < 0 || b < 0 || a >= nodes || b >= nodes)
                throw new ArgumentException($"Edge n{a}–n{b} is not between two distinct nodes of 0 to {nodes - 1}.", nameof(edges));
            adjacent[a, b] = adjacent[b, a] = true;
        }
    }

    public int Nodes { get; }

    public bool Adjacent(int a, int b) => a >= 0 && b >= 0 && a < Nodes && b < Nodes && adjacent[a, b];

    /// <summary>Every edge once, smaller node first, in ascending order.</summary>
    public IEnumerable<(int A, int B)> Edges()
    {
        for (var a = 0; a < Nodes; a++)
            for (var b = a + 1; b < Nodes; b++)
                if (adjacent[a, b]) yield return (a, b);
    }

    /// <summary>Every triangle once as ascending nodes (a &lt; b &lt; c), in ascending order.</summary>
    public IEnumerable<(int A, int B, int C)> Triangles()
    {
        for (var a = 0; a < Nodes; a++)
            for (var b = a + 1; b < Nodes; b++)
                if (adjacent[a, b])
                    for (var c = b + 1; c < Nodes; c++)
                        if (adjacent[a, c] && adjacent[b, c]) yield return (a, b, c);
    }

    /// <summary>
    /// An Erdős–Rényi graph G(nodes, edgeProbability): each pair of nodes is joined independently, in
    /// ascending pair order, by one draw of <paramref name="random"/>.
    /// </summary>
    public static TriangleGraph Generate(int nodes, double edgeProbability, Random random)
    {
        var edges = new List<(int, int)>();
        for (var a = 0; a < nodes; a++)
            for (var b = a + 1; b < nodes; b++)
                if (random.NextDouble() < edgeProbability) edges.Add((a, b));
        return new TriangleGraph(nodes, edges);
    }

    /// <summary>The authors' base degree D of the planted graph.</summary>
    public const int PlantedDegree = 3;

    /// <summary>The authors' α: a node takes new base edges only while its degree is at most α·D.</summary>
    public const double PlantedDegreeSlack = 1.2;

    /// <summary>The authors' T: triangles closed around every vertex.</summary>
    public const int PlantedTrianglesPerVertex = 6;

    /// <summary>
    /// The authors' planted graph (<c>generate_graph_with_triangles</c> in <c>triangle-discovery/ntp/triangle.ipynb</c>), step
    /// for step with our <see cref="Random"/>: for each vertex in order, join it to random non-neighbours of degree at most
    /// α·D until its degree is D; then for each vertex in order, until T triangles are counted at it, pick two of its
    /// neighbours at random and join them (counting a triangle at all three, whether or not the edge was new).
    /// </summary>
    /// <returns>the graph, and every node's neighbours in the order they were joined (what the training draws sample from)</returns>
    public static (TriangleGraph Graph, IReadOnlyList<IReadOnlyList<int>> Neighbours) GeneratePlanted(int nodes, Random random)
    {
        var neighbours = Enumerable.Range(0, nodes).Select(_ => new List<int>()).ToArray();
        var joined = new HashSet<(int, int)>();
        void Join(int a, int b)
        {
            neighbours[a].Add(b);
            neighbours[b].Add(a);
            joined.Add((Math.Min(a, b), Math.Max(a, b)));
        }
        bool Joined(int a, int b) => joined.Contains((Math.Min(a, b), Math.Max(a, b)));

        for (var v = 0; v < nodes; v++)
        {
            var pool = Enumerable.Range(0, nodes).Where(u => u != v && !Joined(u, v) && neighbours[u].Count <= PlantedDegreeSlack * PlantedDegree).ToList();
            var needed = Math.Max(0, PlantedDegree - neighbours[v].Count);
            foreach (var u in Sample(pool, Math.Min(needed, pool.Count), random)) Join(v, u);
        }
        var triangles = new int[nodes];
        for (var u = 0; u < nodes; u++)
        {
            while (triangles[u] < PlantedTrianglesPerVertex)
            {
                if (neighbours[u].Count < 2) break;
                var pair = Sample(neighbours[u], 2, random);
                var (v, w) = (pair[0], pair[1]);
                if (!Joined(v, w)) Join(v, w);
                triangles[u]++;
                triangles[v]++;
                triangles[w]++;
            }
        }
        return (new TriangleGraph(nodes, joined), neighbours);
    }

    /// <summary>k distinct items in random order, as Python's <c>random.sample</c> (a partial Fisher–Yates shuffle of a copy).</summary>
    public static List<int> Sample(IReadOnlyList<int> items, int k, Random random)
    {
        var copy = items.ToArray();
        for (var i = 0; i < k; i++)
        {
            var j = random.Next(i, copy.Length);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return [.. copy.Take(k)];
    }
}
