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
}
