namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// The distribution P~ a token is actually drawn from after temperature, top-k and top-p, renormalised.
/// It is the one owner of truncation: the estimators take both the entropy they measure and the tokens
/// they sample from the same instance, so truncation changes both alike.
/// </summary>
public sealed class DecodingDistribution
{
    /// <summary>Probabilities of every token in the vocabulary; truncated tokens are exactly 0.</summary>
    public IReadOnlyList<double> Probabilities => probabilities;

    /// <summary>−Σ p ln p over the kept tokens, in nats.</summary>
    public double Entropy { get; }

    /// <summary>The kept tokens, most likely first (ties: lower id first).</summary>
    public IReadOnlyList<int> Kept => kept;

    private readonly double[] probabilities;
    private readonly int[] kept;

    /// <param name="logProbabilities">the model's next-token log-probabilities (or any logits: they are normalised here)</param>
    public DecodingDistribution(IReadOnlyList<double> logProbabilities, DecodingSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Temperature);
        if (!(settings.TopP > 0 && settings.TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(settings), "TopP must be in (0, 1].");
        ArgumentOutOfRangeException.ThrowIfNegative(settings.TopK);
        var count = logProbabilities.Count;
        if (count == 0) throw new ArgumentException("The vocabulary is empty.", nameof(logProbabilities));

        // Most likely first; a stable order makes ties at the top-k boundary deterministic.
        var order = Enumerable.Range(0, count).OrderByDescending(token => logProbabilities[token]).ThenBy(token => token).ToArray();
        if (double.IsNegativeInfinity(logProbabilities[order[0]])) throw new ArgumentException("Every token has probability 0.", nameof(logProbabilities));

        var scaled = Softmax(logProbabilities, order, settings.Temperature);  // in `order`
        var keep = settings.TopK > 0 ? Math.Min(settings.TopK, count) : count;
        while (keep > 1 && scaled[keep - 1] == 0) keep--;
        if (settings.TopP < 1)
        {
            // top-p sees the top-k survivors renormalised; it keeps the smallest prefix reaching TopP
            // (the token that crosses the threshold is kept).
            var total = 0.0;
            for (var i = 0; i < keep; i++) total += scaled[i];
            var cumulative = 0.0;
            for (var i = 0; i < keep; i++)
            {
                cumulative += scaled[i] / total;
                if (cumulative >= settings.TopP) { keep = i + 1; break; }
            }
        }

        kept = order[..keep];
        var mass = 0.0;
        for (var i = 0; i < keep; i++) mass += scaled[i];
        probabilities = new double[count];
        var entropy = 0.0;
        for (var i = 0; i < keep; i++)
        {
            var p = scaled[i] / mass;
            probabilities[order[i]] = p;
            if (p > 0) entropy -= p * Math.Log(p);
        }
        Entropy = entropy;
    }

    /// <summary>ln P~(token); −∞ for a truncated token.</summary>
    public double LogProbabilityOf(int token) => Math.Log(probabilities[token]);

    /// <summary>Draws one token from exactly <see cref="Probabilities"/>.</summary>
    public int Sample(Random random)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        foreach (var token in kept)
        {
            cumulative += probabilities[token];
            if (u < cumulative) return token;
        }
        // Rounding can leave the cumulative a hair below 1: the last kept token takes the remainder.
        return kept[^1];
    }

    /// <returns>softmax(logProbabilities / temperature) listed in <paramref name="order"/>; temperature 0 puts all mass on order[0]</returns>
    private static double[] Softmax(IReadOnlyList<double> logProbabilities, int[] order, double temperature)
    {
        var scaled = new double[order.Length];
        if (temperature == 0)
        {
            scaled[0] = 1;
            return scaled;
        }
        var max = logProbabilities[order[0]];
        var sum = 0.0;
        for (var i = 0; i < order.Length; i++)
        {
            scaled[i] = Math.Exp((logProbabilities[order[i]] - max) / temperature);
            sum += scaled[i];
        }
        for (var i = 0; i < order.Length; i++) scaled[i] /= sum;
        return scaled;
    }
}
