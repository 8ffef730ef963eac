namespace Workbench.Engine.Creativity;

/// <summary>
/// The hidden structure of sibling discovery: a bipartite graph of parents and children in which every
/// child has exactly one parent. Children and parents are numbered from 0. With two pools (the authors' layout)
/// each parent's children are split into two disjoint halves, and an answer names one child of each, in pool order.
/// </summary>
public sealed class SiblingGraph
{
    private readonly int[] parentOfChild;
    private readonly int[] poolOfChild;

    /// <param name="parentOfChild">for each child, its parent's number</param>
    /// <param name="poolOfChild">for each child, its pool (0 or 1); null: one pool</param>
    public SiblingGraph(int parents, IEnumerable<int> parentOfChild, IEnumerable<int>? poolOfChild = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parents, 1);
        this.parentOfChild = [.. parentOfChild];
        if (this.parentOfChild.Any(parent => parent < 0 || parent >= parents))
            throw new ArgumentException($"Every child's parent must be between 0 and {parents - 1}.", nameof(parentOfChild));
        this.poolOfChild = poolOfChild is null ? new int[this.parentOfChild.Length] : [.. poolOfChild];
        if (this.poolOfChild.Length != this.parentOfChild.Length || this.poolOfChild.Any(pool => pool is not (0 or 1)))
            throw new ArgumentException("Every child's pool must be 0 or 1.", nameof(poolOfChild));
        Parents = parents;
        Pools = poolOfChild is null ? 1 : 2;
    }

    public int Parents { get; }

    /// <summary>1, or 2 for the authors' two disjoint pools per parent.</summary>
    public int Pools { get; }

    public int Children => parentOfChild.Length;

    public int ParentOf(int child) => parentOfChild[child];

    public int PoolOf(int child) => poolOfChild[child];

    /// <summary>
    /// Gives every parent <paramref name="childrenPerParent"/> children, dealt at random so that a child's
    /// number says nothing about its parent (the model must learn the graph from the training data); with two pools,
    /// the first half of each parent's children (before dealing) form its first pool.
    /// </summary>
    public static SiblingGraph Generate(int parents, int childrenPerParent, Random random, int pools = 1)
    {
        if (pools == 1)
        {
            var parentOfChild = Enumerable.Range(0, parents * childrenPerParent).Select(slot => slot / childrenPerParent).ToArray();
            random.Shuffle(parentOfChild);
            return new SiblingGraph(parents, parentOfChild);
        }
        if (pools != 2 || childrenPerParent % 2 != 0) throw new ArgumentException("Two pools need an even number of children per parent.", nameof(pools));
        var slots = Enumerable.Range(0, parents * childrenPerParent)
            .Select(slot => (Parent: slot / childrenPerParent, Pool: slot % childrenPerParent < childrenPerParent / 2 ? 0 : 1)).ToArray();
        random.Shuffle(slots);
        return new SiblingGraph(parents, slots.Select(slot => slot.Parent), slots.Select(slot => slot.Pool));
    }

    /// <summary>
    /// Every valid sibling answer up to equivalence: one pool, each unordered pair of distinct siblings (ordered by first
    /// child, then second); two pools, each child of the first pool with each of the second, in that order.
    /// </summary>
    public IEnumerable<SiblingTriplet> AllTriplets()
    {
        for (var first = 0; first < Children; first++)
        {
            if (Pools == 2 && poolOfChild[first] != 0) continue;
            for (var second = Pools == 2 ? 0 : first + 1; second < Children; second++)
                if (parentOfChild[first] == parentOfChild[second] && (Pools == 1 || poolOfChild[second] == 1))
                    yield return new SiblingTriplet(first, second, parentOfChild[first]);
        }
    }

    /// <summary>Whether an answer naming these children and this parent is coherent: distinct siblings of that parent, in pool order with two pools.</summary>
    public bool IsSiblingAnswer(int firstChild, int secondChild, int parent) =>
        firstChild != secondChild && parentOfChild[firstChild] == parent && parentOfChild[secondChild] == parent
        && (Pools == 1 || (poolOfChild[firstChild] == 0 && poolOfChild[secondChild] == 1));
}

/// <summary>
/// One equivalence class of sibling answers: with one pool, the unordered pair of distinct children
/// (<see cref="FirstChild"/> &lt; <see cref="SecondChild"/>) with their parent ("c3 c7 p1" and "c7 c3 p1" are the same
/// triplet); with two pools, the ordered pair.
/// </summary>
public readonly record struct SiblingTriplet(int FirstChild, int SecondChild, int Parent)
{
    /// <summary>The one-pool triplet of an answer naming these children in either order.</summary>
    public static SiblingTriplet Of(int child, int otherChild, int parent) =>
        new(Math.Min(child, otherChild), Math.Max(child, otherChild), parent);
}
