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
/// </summary>
public sealed class SiblingDiscovery : ICreativityTask
{
    /// <summary>child, child, parent, end.</summary>
    public const int AnswerLength = 4;

    private readonly int firstParentToken;
    private readonly int firstChildToken;
    private readonly HashSet<string> trainingKeys;

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
            if (first == second || graph.ParentOf(second) != parent)
                throw new ArgumentException($"Training pair c{first}, c{second} are not siblings.", nameof(trainingPairs));
            trainingAnswers.Add([ChildToken(first), ChildToken(second), ParentToken(parent), Vocabulary.End]);
            trainingKeys.Add(KeyOf(SiblingTriplet.Of(first, second, parent)));
        }
        if (trainingAnswers.Count == 0) throw new ArgumentException("The training set is empty.", nameof(trainingPairs));
        TrainingAnswers = trainingAnswers;
        TrainingExamples = [.. trainingAnswers.Select(answer => new TrainingExample(AnswerPrompt, answer))];
    }

    /// <summary>
    /// Generates the hidden graph from <paramref name="seed"/>, then picks
    /// <see cref="TrainingAnswerCount"/> of its triplets for training, each written with its children in a
    /// random order. Everything comes from one <see cref="Random"/>, graph first, so the graph does not
    /// depend on <paramref name="trainingFraction"/>.
    /// </summary>
    public static SiblingDiscovery Generate(int parents, int childrenPerParent, double trainingFraction, int seed)
    {
        var random = new Random(seed);
        var graph = SiblingGraph.Generate(parents, childrenPerParent, random);
        var triplets = graph.AllTriplets().ToArray();
        random.Shuffle(triplets);
        var shown = triplets.Take(TrainingAnswerCount(triplets.Length, trainingFraction))
            .Select(triplet => random.Next(2) == 0 ? (triplet.FirstChild, triplet.SecondChild) : (triplet.SecondChild, triplet.FirstChild))
            .ToList();
        return new SiblingDiscovery(graph, shown);
    }

    /// <summary>Valid answers up to equivalence: each parent's unordered pairs of distinct children.</summary>
    public static long CountValidAnswers(int parents, int childrenPerParent) =>
        (long)parents * childrenPerParent * (childrenPerParent - 1) / 2;

    /// <summary>round(fraction × valid answers), at least one.</summary>
    public static int TrainingAnswerCount(long validAnswers, double trainingFraction) =>
        (int)Math.Clamp(Math.Round(trainingFraction * validAnswers), 1, validAnswers);

    public static string ParentName(int parent) => $"p{parent}";

    public static string ChildName(int child) => $"c{child}";

    public SiblingGraph Graph { get; }
    public Vocabulary Vocabulary { get; }
    public int[] AnswerPrompt { get; } = [Vocabulary.Begin];
    public int MaxAnswerLength => AnswerLength;
    public int ValidAnswerCount { get; }
    public IReadOnlyList<int[]> TrainingAnswers { get; }
    public IReadOnlyList<TrainingExample> TrainingExamples { get; }

    public Judgement Judge(IReadOnlyList<int> answer)
    {
        if (!TryParse(answer, out var triplet))
            return new Judgement(Coherent: false, Memorized: false, EquivalenceKey: "malformed: " + Vocabulary.Decode(answer));
        var key = KeyOf(triplet);
        var coherent = triplet.FirstChild != triplet.SecondChild
            && Graph.ParentOf(triplet.FirstChild) == triplet.Parent
            && Graph.ParentOf(triplet.SecondChild) == triplet.Parent;
        // Training answers are coherent and coherence depends only on the key, so a memorized answer is coherent.
        return new Judgement(coherent, trainingKeys.Contains(key), key);
    }

    /// <summary>The triplet's canonical answer text, children in ascending order: <c>c3 c7 p1</c>.</summary>
    private string KeyOf(SiblingTriplet triplet) =>
        Vocabulary.Decode([ChildToken(triplet.FirstChild), ChildToken(triplet.SecondChild), ParentToken(triplet.Parent)]);

    /// <summary>Reads <c>child child parent &lt;eos&gt;</c>; the children may repeat or belong to another parent.</summary>
    private bool TryParse(IReadOnlyList<int> answer, out SiblingTriplet triplet)
    {
        triplet = default;
        if (answer.Count != AnswerLength || answer[3] != Vocabulary.End) return false;
        if (!TryChild(answer[0], out var first) || !TryChild(answer[1], out var second) || !TryParent(answer[2], out var parent)) return false;
        triplet = SiblingTriplet.Of(first, second, parent);
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
