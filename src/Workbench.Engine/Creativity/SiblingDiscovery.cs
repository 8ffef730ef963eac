using Workbench.Engine.Tokens;
using Workbench.Engine.Training;

namespace Workbench.Engine.Creativity;

/// <summary>
/// Sibling discovery (combinational creativity). A hidden <see cref="SiblingGraph"/> gives every child one
/// parent. An answer is the four tokens <c>child1 child2 parent &lt;eos&gt;</c>, for instance <c>c3 c7 p1 &lt;eos&gt;</c>.
/// <list type="bullet">
/// <item><b>Coherent</b>: exactly those four tokens, the first two child tokens, the third a parent token,
/// the children distinct and both children of that parent.</item>
/// <item><b>Equivalence</b>: two well-formed answers are equivalent when they name the same unordered pair
/// {child1, child2} and the same parent (<c>c3 c7 p1</c> ≡ <c>c7 c3 p1</c>). A malformed answer is
/// equivalent only to the identical token sequence.</item>
/// <item><b>Memorized</b>: equivalent to a training answer.</item>
/// </list>
/// The parent comes last, which is adversarial to next-token prediction: the model has to settle on a
/// parent before writing the first child without ever being taught to. The graph is learnt from the
/// training answers alone; node numbers carry no hint of it.
/// <para>With two child pools (the authors' <c>sibling.ipynb</c>: 5 parents, each with pools <c>b1</c> and <c>b2</c> of
/// 500) the first child must come from the parent's first pool and the second from its second, so an answer is an
/// ordered pair and <c>c3 c7 p1</c> ≢ <c>c7 c3 p1</c> (the second is incoherent). Their tokens name the pool
/// (<c>&lt;b1_i&gt;</c>, <c>&lt;b2_i&gt;</c>); ours do not, which changes nothing for a model whose tokens are atomic.</para>
/// <para>The authors' checker (<see cref="JudgeAsReference"/>): valid when the first child is in the parent's first
/// pool and the second in its second (with one pool: both are the parent's children, equal ones included, a case their
/// layout cannot produce); seen when the answer string equals a training answer, children in the same order.</para>
/// </summary>
public sealed class SiblingDiscovery : ICreativityTask
{
    /// <summary>child, child, parent, end.</summary>
    public const int AnswerLength = 4;

    private readonly int firstParentToken;
    private readonly int firstChildToken;
    private readonly HashSet<string> trainingKeys;
    private readonly HashSet<string> trainingStrings;

    /// <param name="trainingPairs">the training answers as ordered pairs of sibling children, in the order
    /// each is written; the parent is the graph's</param>
    public SiblingDiscovery(SiblingGraph graph, IEnumerable<(int FirstChild, int SecondChild)> trainingPairs)
    {
        Graph = graph;
        // Parent tokens first, then child tokens: ids depend only on the graph's size.
        Vocabulary = new Vocabulary([
            .. Enumerable.Range(0, graph.Parents).Select(ParentName),
            .. Enumerable.Range(0, graph.Children).Select(ChildName)]);
        firstParentToken = Vocabulary.IdOf(ParentName(0));
        firstChildToken = Vocabulary.IdOf(ChildName(0));
        ValidAnswerCount = graph.AllTriplets().Count();

        var trainingAnswers = new List<int[]>();
        trainingKeys = [];
        foreach (var (first, second) in trainingPairs)
        {
            var parent = graph.ParentOf(first);
            if (!graph.IsSiblingAnswer(first, second, parent))
                throw new ArgumentException($"Training pair c{first}, c{second} are not siblings" + (graph.Pools == 2 ? " from the first and second pool." : "."), nameof(trainingPairs));
            trainingAnswers.Add([ChildToken(first), ChildToken(second), ParentToken(parent), Vocabulary.End]);
            trainingKeys.Add(KeyOf(TripletOf(first, second, parent)));
        }
        trainingStrings = [.. trainingAnswers.Select(answer => Vocabulary.Decode(answer))];
        if (trainingAnswers.Count == 0) throw new ArgumentException("The training set is empty.", nameof(trainingPairs));
        TrainingAnswers = trainingAnswers;
        TrainingExamples = [.. trainingAnswers.Select(answer => new TrainingExample(AnswerPrompt, answer))];
    }

    /// <summary>
    /// Generates the hidden graph from <paramref name="seed"/>, then picks as many of its triplets as
    /// <paramref name="training"/> says for training, each written with its children in a random order (with two
    /// pools, in pool order). Everything comes from one <see cref="Random"/>, graph first, so the graph does not
    /// depend on the training size. (The authors keep each triplet with probability 0.995 and then sample 50,000 of
    /// those; we sample from all, which differs only in the 0.5 % they hold out for probes.)
    /// </summary>
    public static SiblingDiscovery Generate(int parents, int childrenPerParent, TrainingSize training, int seed, int pools = 1)
    {
        var random = new Random(seed);
        var graph = SiblingGraph.Generate(parents, childrenPerParent, random, pools);
        var triplets = graph.AllTriplets().ToArray();
        random.Shuffle(triplets);
        var shown = triplets.Take(training.Of(triplets.Length))
            .Select(triplet => pools == 2 || random.Next(2) == 0 ? (triplet.FirstChild, triplet.SecondChild) : (triplet.SecondChild, triplet.FirstChild))
            .ToList();
        return new SiblingDiscovery(graph, shown);
    }

    /// <summary>Valid answers up to equivalence: each parent's unordered pairs of distinct children, or with two pools
    /// its ordered pairs of a first-pool and a second-pool child.</summary>
    public static long CountValidAnswers(int parents, int childrenPerParent, int pools = 1) => pools == 2
        ? (long)parents * (childrenPerParent / 2) * (childrenPerParent / 2)
        : (long)parents * childrenPerParent * (childrenPerParent - 1) / 2;

    public static string ParentName(int parent) => $"p{parent}";

    public static string ChildName(int child) => $"c{child}";

    public SiblingGraph Graph { get; }
    public Vocabulary Vocabulary { get; }
    public int[] AnswerPrompt { get; } = [Vocabulary.Begin];
    public int MaxAnswerLength => AnswerLength;
    public long ValidAnswerCount { get; }
    public TeacherlessLayout TeacherlessLayout => TeacherlessLayout.PerToken;
    public IReadOnlyList<int[]> TrainingAnswers { get; }
    public IReadOnlyList<TrainingExample> TrainingExamples { get; }

    public Judgement Judge(IReadOnlyList<int> answer)
    {
        if (!TryParse(answer, out var triplet))
            return new Judgement(Coherent: false, Memorized: false, EquivalenceKey: "malformed: " + Vocabulary.Decode(answer));
        var key = KeyOf(triplet);
        var coherent = Graph.IsSiblingAnswer(triplet.FirstChild, triplet.SecondChild, triplet.Parent);
        // Training answers are coherent and coherence depends only on the key, so a memorized answer is coherent.
        return new Judgement(coherent, trainingKeys.Contains(key), key);
    }

    public ReferenceJudgement JudgeAsReference(IReadOnlyList<int> answer)
    {
        var seen = trainingStrings.Contains(Vocabulary.Decode(answer));
        if (answer.Count != AnswerLength || answer[3] != Vocabulary.End
            || !TryChild(answer[0], out var first) || !TryChild(answer[1], out var second) || !TryParent(answer[2], out var parent))
            return new ReferenceJudgement(Valid: false, seen);
        var valid = Graph.ParentOf(first) == parent && Graph.ParentOf(second) == parent
            && (Graph.Pools == 1 || (Graph.PoolOf(first) == 0 && Graph.PoolOf(second) == 1));
        return new ReferenceJudgement(valid, seen);
    }

    /// <summary>The equivalence class of an answer naming these children: unordered with one pool, ordered with two.</summary>
    private SiblingTriplet TripletOf(int first, int second, int parent) =>
        Graph.Pools == 2 ? new SiblingTriplet(first, second, parent) : SiblingTriplet.Of(first, second, parent);

    /// <summary>The triplet's canonical answer text (one pool: children in ascending order): <c>c3 c7 p1</c>.</summary>
    private string KeyOf(SiblingTriplet triplet) =>
        Vocabulary.Decode([ChildToken(triplet.FirstChild), ChildToken(triplet.SecondChild), ParentToken(triplet.Parent)]);

    /// <summary>Reads <c>child child parent &lt;eos&gt;</c>; the children may repeat or belong to another parent.</summary>
    private bool TryParse(IReadOnlyList<int> answer, out SiblingTriplet triplet)
    {
        triplet = default;
        if (answer.Count != AnswerLength || answer[3] != Vocabulary.End) return false;
        if (!TryChild(answer[0], out var first) || !TryChild(answer[1], out var second) || !TryParent(answer[2], out var parent)) return false;
        triplet = TripletOf(first, second, parent);
        return true;
    }

    private int ChildToken(int child) => firstChildToken + child;

    private int ParentToken(int parent) => firstParentToken + parent;

    private bool TryChild(int token, out int child)
    {
        child = token - firstChildToken;
        return child >= 0 && child < Graph.Children;
    }

    private bool TryParent(int token, out int parent)
    {
        parent = token - firstParentToken;
        return parent >= 0 && parent < Graph.Parents;
    }
}
