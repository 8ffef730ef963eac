using System.Security.Cryptography;
using System.Text;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.BranchingFactor;

/// <summary>The size of a <see cref="SyntheticLanguage"/>.</summary>
/// <param name="Words">word tokens w0, w1, …</param>
/// <param name="Continuations">words that may follow each word (and the begin token) in the broad language</param>
/// <param name="PreferredContinuations">of those, the ones the preferred subset keeps</param>
/// <param name="EndProbability">chance that a sequence ends after each word</param>
/// <param name="MaxWords">words per sequence at most; the end token is certain after this many</param>
public sealed record SyntheticLanguageShape(int Words, int Continuations, int PreferredContinuations, double EndProbability, int MaxWords);

/// <summary>
/// A synthetic "broad language" with many valid continuations, for pretraining base models, and a narrow
/// "preferred subset" of it, for alignment fine-tuning (branching-factor.md, last paragraph). Both are
/// first-order Markov sources over the same vocabulary, drawn from one seed:
/// <list type="bullet">
/// <item>broad: after each word (and after the begin token) <c>Continuations</c> distinct words are valid, with
/// weights drawn from a flat Dirichlet; after a word the end token comes with <c>EndProbability</c>;</item>
/// <item>preferred: a hidden preference ranks each word's valid continuations independently of their weights;
/// the top <c>PreferredContinuations</c> keep their broad weights, renormalised. Every preferred sequence is
/// a valid broad sequence, but alignment has to move probability, not only sharpen it.</item>
/// </list>
/// </summary>
public sealed class SyntheticLanguage
{
    public SyntheticLanguageShape Shape { get; }

    /// <summary>The special tokens, then w0 … w(Words−1).</summary>
    public Vocabulary Vocabulary { get; }

    public MarkovSource Broad { get; }

    public MarkovSource Preferred { get; }

    private SyntheticLanguage(SyntheticLanguageShape shape, Vocabulary vocabulary, MarkovSource broad, MarkovSource preferred) =>
        (Shape, Vocabulary, Broad, Preferred) = (shape, vocabulary, broad, preferred);

    public static SyntheticLanguage Generate(SyntheticLanguageShape shape, int seed)
    {
        if (shape.Words < 2) throw new ArgumentOutOfRangeException(nameof(shape), "At least two words are needed.");
        if (shape.Continuations < 2 || shape.Continuations > shape.Words) throw new ArgumentOutOfRangeException(nameof(shape), "Continuations must be between 2 and the number of words.");
        if (shape.PreferredContinuations < 1 || shape.PreferredContinuations >= shape.Continuations) throw new ArgumentOutOfRangeException(nameof(shape), "PreferredContinuations must be between 1 and Continuations − 1.");
        if (!(shape.EndProbability > 0 && shape.EndProbability < 1)) throw new ArgumentOutOfRangeException(nameof(shape), "EndProbability must be between 0 and 1.");

        var vocabulary = new Vocabulary(Enumerable.Range(0, shape.Words).Select(word => $"w{word}"));
        var size = vocabulary.Count;
        var firstWord = Vocabulary.End + 1;
        var random = new Random(seed);
        var broad = new double[size][];
        var preferred = new double[size][];
        for (var previous = 0; previous < size; previous++)
        {
            broad[previous] = new double[size];
            preferred[previous] = new double[size];
            if (previous is Vocabulary.Pad or Vocabulary.End)
            {
                // Never continued; a row that ends at once keeps the matrix stochastic.
                broad[previous][Vocabulary.End] = preferred[previous][Vocabulary.End] = 1;
                continue;
            }
            var wordMass = previous == Vocabulary.Begin ? 1 : 1 - shape.EndProbability;
            var successors = Enumerable.Range(firstWord, shape.Words).ToArray();
            random.Shuffle(successors);
            var valid = successors[..shape.Continuations];
            var weights = valid.Select(_ => -Math.Log(1 - random.NextDouble())).ToArray(); // Exp(1): normalised, a flat Dirichlet
            for (var i = 0; i < valid.Length; i++) broad[previous][valid[i]] = wordMass * weights[i] / weights.Sum();
            // valid is in random order already: its first entries are the hidden preference's favourites.
            var favourites = valid[..shape.PreferredContinuations];
            var favouriteWeight = favourites.Sum(word => broad[previous][word]);
            foreach (var word in favourites) preferred[previous][word] = wordMass * broad[previous][word] / favouriteWeight;
            if (previous != Vocabulary.Begin) broad[previous][Vocabulary.End] = preferred[previous][Vocabulary.End] = shape.EndProbability;
        }
        return new SyntheticLanguage(shape, vocabulary,
            new MarkovSource(broad, Vocabulary.End, shape.MaxWords), new MarkovSource(preferred, Vocabulary.End, shape.MaxWords));
    }

    /// <summary>Sequences after the begin token: words, then the end token.</summary>
    public IReadOnlyList<int[]> Sample(MarkovSource source, int count, Random random) =>
        [.. Enumerable.Range(0, count).Select(_ => source.Continue([Vocabulary.Begin], Shape.MaxWords + 1, random))];

    /// <summary>Prompts: the begin token and the first <paramref name="words"/> words of broad sequences that go on longer.</summary>
    public IReadOnlyList<int[]> Prompts(int count, int words, Random random)
    {
        if (words < 1 || words >= Shape.MaxWords) throw new ArgumentOutOfRangeException(nameof(words), "A prompt needs at least one word and must leave room for an output.");
        var prompts = new List<int[]>(count);
        while (prompts.Count < count)
        {
            var start = Broad.Continue([Vocabulary.Begin], words, random);
            if (!start.Contains(Vocabulary.End)) prompts.Add([Vocabulary.Begin, .. start]);
        }
        return prompts;
    }

    /// <summary>SHA-256 (lower-case hex) of sequences as text, one per line, e.g. "w3 w17 &lt;eos&gt;".</summary>
    public string ContentHash(IEnumerable<int[]> sequences) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', sequences.Select(Vocabulary.Decode)))));
}
