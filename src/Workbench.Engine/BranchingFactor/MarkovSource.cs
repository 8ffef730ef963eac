namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// A first-order Markov source over a vocabulary: the next token depends only on the last one. Its
/// next-token distributions are known exactly, so the BF of its outputs is too; it serves as a synthetic
/// language to train on and as a model with known entropy for testing the estimators.
/// </summary>
public sealed class MarkovSource : INextTokenModel
{
    private readonly double[][] transitions;
    private readonly int? maxWords;

    /// <param name="transitions">transitions[previous][next] = P(next | previous); every row sums to 1</param>
    /// <param name="endToken">the token that ends a sequence</param>
    /// <param name="maxWords">if set, the end token is certain once a prefix holds this many tokens after its
    /// first (the begin token), so that sequences are bounded</param>
    public MarkovSource(double[][] transitions, int endToken, int? maxWords = null)
    {
        var size = transitions.Length;
        if (size == 0 || transitions.Any(row => row.Length != size))
            throw new ArgumentException("Transitions must be a square matrix.", nameof(transitions));
        foreach (var row in transitions)
            if (row.Any(p => p < 0 || double.IsNaN(p)) || Math.Abs(row.Sum() - 1) > 1e-9)
                throw new ArgumentException("Every row of transitions must be a probability distribution.", nameof(transitions));
        this.transitions = transitions;
        EndToken = endToken;
        this.maxWords = maxWords;
    }

    public int VocabularySize => transitions.Length;

    public int EndToken { get; }

    /// <summary>P(next | previous).</summary>
    public IReadOnlyList<double> Transitions(int previous) => transitions[previous];

    public double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes) =>
        [.. prefixes.Select(prefix => NextTokenProbabilities(prefix).Select(p => Math.Log(p)).ToArray())];

    public IReadOnlyList<double> NextTokenProbabilities(int[] prefix)
    {
        if (prefix.Length == 0) throw new ArgumentException("A prefix needs at least its first token.", nameof(prefix));
        if (prefix.Length - 1 >= maxWords)
        {
            var end = new double[VocabularySize];
            end[EndToken] = 1;
            return end;
        }
        return transitions[prefix[^1]];
    }

    /// <summary>
    /// The checkable answer of the branching-factor tasks: whether the source could have written
    /// <paramref name="output"/> after <paramref name="prompt"/>: every token has non-zero probability after what
    /// precedes it, and the output is finished (ends with the end token). For the preferred subset of a
    /// <see cref="SyntheticLanguage"/> this is "the output keeps to the preferred continuations".
    /// </summary>
    public bool CouldWrite(int[] prompt, int[] output)
    {
        if (output.Length == 0 || output[^1] != EndToken) return false;
        var sequence = new List<int>(prompt);
        foreach (var token in output)
        {
            if (NextTokenProbabilities([.. sequence])[token] == 0) return false;
            sequence.Add(token);
        }
        return true;
    }

    /// <summary>Continues <paramref name="prefix"/> until the end token (included) or <paramref name="maxLength"/> tokens.</summary>
    public int[] Continue(int[] prefix, int maxLength, Random random)
    {
        var sequence = new List<int>(prefix);
        for (var written = 0; written < maxLength; written++)
        {
            var probabilities = NextTokenProbabilities([.. sequence]);
            var token = Draw(probabilities, random.NextDouble());
            sequence.Add(token);
            if (token == EndToken) break;
        }
        return [.. sequence.Skip(prefix.Length)];
    }

    /// <summary>The token where the cumulative probability first exceeds <paramref name="u"/>, never one of probability 0.</summary>
    private static int Draw(IReadOnlyList<double> probabilities, double u)
    {
        var (cumulative, last) = (0.0, 0);
        for (var token = 0; token < probabilities.Count; token++)
        {
            if (probabilities[token] == 0) continue;
            cumulative += probabilities[token];
            last = token;
            if (u < cumulative) return token;
        }
        return last; // rounding left the cumulative a hair below 1
    }
}
