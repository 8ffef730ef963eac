namespace Workbench.Engine.Creativity;

/// <summary>
/// The hidden structure of sibling discovery: a bipartite graph of parents and children in which every
/// child has exactly one parent. Children and parents are numbered from 0.
/// </summary>
public sealed class SiblingGraph
{
    private readonly int[] parentOfChild;

    /// <param name="parentOfChild">for each child, its parent's number</param>
    public SiblingGraph(int parents, IEnumerable<int> parentOfChild)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parents, 1);
        this.parentOfChild = [.. parentOfChild];
        if (this.parentOfChild.Any(parent => parent < 0 || parent >= parents))
            throw new ArgumentException($"Every child's parent must be between 0 and {parents - 1}.", nameof(parentOfChild));
        Parents = parents;
    }

    public int Parents { get; }

    public int Children => parentOfChild.Length;

    public int ParentOf(int child) => parentOfChild[child];

    /// <summary>
    /// Gives every parent <paramref name="childrenPerParent"/> children, dealt at random so that a child's
    /// number says nothing about its parent (the model must learn the graph from the training data).
    /// </summary>
    public static SiblingGraph Generate(int parents, int childrenPerParent, Random random)
    {
        var parentOfChild = Enumerable.Range(0, parents * childrenPerParent).Select(slot => slot / childrenPerParent).ToArray();
        random.Shuffle(parentOfChild);
        return new SiblingGraph(parents, parentOfChild);
    }

    /// <summary>Every valid sibling answer up to equivalence, ordered by first child, then second child.</summary>
    public IEnumerable<SiblingTriplet> AllTriplets()
    {
        for (var first = 0; first < Children; first++)
            for (var second = first + 1; second < Children; second++)
                if (parentOfChild[first] == parentOfChild[second])
                    yield return new SiblingTriplet(first, second, parentOfChild[first]);
    }
}

/// <summary>
/// One equivalence class of sibling answers: the unordered pair of distinct children
/// (<see cref="FirstChild"/> &lt; <see cref="SecondChild"/>) with their parent. "c3 c7 p1" and "c7 c3 p1" are the same triplet.
/// </summary>
public readonly record struct SiblingTriplet(int FirstChild, int SecondChild, int Parent)
{
    /// <summary>The triplet of an answer naming these children in either order.</summary>
    public static SiblingTriplet Of(int child, int otherChild, int parent) =>
        new(Math.Min(child, otherChild), Math.Max(child, otherChild), parent);
}
