using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>
/// The one rule set by which every sampler chooses tokens from logits, for a whole batch of rows at once: only
/// writable tokens, then temperature, then top-k, then top-p, then min-p, each on what the previous rule left,
/// renormalised once at the end (algorithmic-creativity.md "Randomness and decoding"; branching-factor.md
/// "The quantity"). The distribution P~ a token is drawn from is also the one whose entropy and log-probability
/// the branching-factor estimators read, so truncation changes what is sampled and what is measured alike.
/// </summary>
/// <param name="Temperature">divides the logits; 0 is greedy (all mass on the most likely token, the lowest id among equals)</param>
/// <param name="TopK">keep the k most likely tokens (the lowest ids among equals at the boundary); 0 keeps all</param>
/// <param name="TopP">keep the most likely tokens until their cumulative probability reaches this, the token that crosses
/// it included; 1 keeps all</param>
/// <param name="MinP">keep the tokens at least this fraction as likely as the most likely one; 0 keeps all</param>
/// <param name="WritableTokens">only ids below this are ever written (e.g. the task's tokens, never the <c>&lt;mask&gt;</c>
/// or seed-prefix tokens, or a tokenizer's real vocabulary below a padded head); null allows every id</param>
public sealed record Decoding(double Temperature = 1, int TopK = 0, double TopP = 1, double MinP = 0, int? WritableTokens = null)
{
    /// <summary>The plain softmax: no temperature, no truncation.</summary>
    public static Decoding Plain { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">a rule is out of its range</exception>
    public void ThrowIfInvalid()
    {
        if (!(Temperature >= 0 && double.IsFinite(Temperature))) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be 0 or more.");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "TopK must be 0 (off) or more.");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "TopP must be in (0, 1].");
        if (!(MinP >= 0 && MinP <= 1)) throw new ArgumentOutOfRangeException(nameof(MinP), MinP, "MinP must be in [0, 1].");
        if (WritableTokens is < 1) throw new ArgumentOutOfRangeException(nameof(WritableTokens), WritableTokens, "WritableTokens must allow at least one token.");
    }

    /// <summary>Chooses one token per row: the most likely when greedy, else a draw from <see cref="Distribution"/>.</summary>
    /// <param name="logits">(rows, vocabulary)</param>
    /// <param name="generator">draws the tokens; greedy decoding draws nothing</param>
    /// <returns>(rows) int64 token ids</returns>
    public Tensor Choose(Tensor logits, Generator? generator)
    {
        ThrowIfInvalid();
        if (Temperature == 0) return Working(logits).argmax(1);
        using var scope = NewDisposeScope();
        // The same draw as DecodingDistribution.Sample, without computing what only measurement needs.
        return nn.functional.softmax(Truncated(logits), 1).multinomial(1, generator: generator).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>The distribution P~ of every row after all the rules, renormalised.</summary>
    /// <param name="logits">(rows, vocabulary), or any log-probabilities; computed in their dtype (float32 at least)</param>
    public DecodingDistribution Distribution(Tensor logits)
    {
        ThrowIfInvalid();
        using var scope = NewDisposeScope();
        if (Temperature == 0)
        {
            var writable = Working(logits);                                                   // (rows, writable)
            var top = writable.argmax(1, keepdim: true);                                      // (rows, 1)
            var oneHot = zeros_like(writable).scatter_(1, top, ones_like(top, writable.dtype));
            return Moved(oneHot, oneHot.log(), zeros(writable.shape[0], writable.dtype, writable.device));
        }
        var truncated = Truncated(logits);                                                   // (rows, writable), −∞ where truncated
        var probabilities = nn.functional.softmax(truncated, 1);
        var entropy = probabilities.xlogy(probabilities).sum(1).neg();                       // (rows); 0 · ln 0 = 0
        return Moved(probabilities, nn.functional.log_softmax(truncated, 1), entropy);
    }

    /// <returns>(rows, writable) the logits after temperature, −∞ wherever top-k, top-p or min-p truncates</returns>
    private Tensor Truncated(Tensor logits)
    {
        var scaled = Working(logits) / Temperature;
        var kept = Kept(scaled);
        return kept is null ? scaled : scaled.masked_fill(kept.logical_not(), double.NegativeInfinity);
    }

    /// <returns>the writable ids' logits (a view, so ids are unchanged), in float32 or float64</returns>
    private Tensor Working(Tensor logits)
    {
        var writable = WritableTokens is int count && count < logits.shape[1] ? logits.narrow(1, 0, count) : logits;
        return writable.dtype is ScalarType.Float32 or ScalarType.Float64 ? writable : writable.to(ScalarType.Float32);
    }

    /// <summary>Which tokens top-k, top-p and min-p keep; null when no rule truncates.</summary>
    /// <param name="scaled">(rows, writable) logits after temperature</param>
    /// <returns>(rows, writable) bool</returns>
    private Tensor? Kept(Tensor scaled)
    {
        var vocabulary = scaled.shape[1];
        var topK = TopK > 0 && TopK < vocabulary;
        if (!topK && TopP >= 1 && MinP <= 0) return null;
        Tensor? kept = null;
        if (topK)
        {
            kept = TopKOf(scaled, TopK);
            scaled = scaled.masked_fill(kept.logical_not(), double.NegativeInfinity);
        }
        if (TopP < 1)
        {
            // Most likely first; a stable sort keeps equals in id order, so ties are broken the same way every time.
            var (sorted, order) = scaled.sort(1, descending: true, stable: true);             // (rows, writable)
            var probabilities = nn.functional.softmax(sorted, 1);                             // renormalised over what top-k left
            var cumulative = probabilities.cumsum(1);
            var before = cat([zeros_like(cumulative.narrow(1, 0, 1)), cumulative.narrow(1, 0, cumulative.shape[1] - 1)], 1); // mass of the more likely tokens
            // A token is kept while the mass before it is below TopP: the one that reaches TopP is kept too.
            var keptSorted = before.lt(TopP);
            keptSorted.select(1, 0).fill_(true);
            var byTopP = zeros_like(keptSorted).scatter_(1, order, keptSorted);
            kept = kept is null ? byTopP : kept.logical_and(byTopP);
        }
        if (MinP > 0)
        {
            // p ≥ MinP · p_max ⇔ logit ≥ max logit + ln MinP, whatever the normalisation.
            var floor = scaled.max(1, keepdim: true).values + Math.Log(MinP);                 // (rows, 1)
            var byMinP = scaled.ge(floor);
            kept = kept is null ? byMinP : kept.logical_and(byMinP);
        }
        return kept;
    }

    /// <summary>Exactly k tokens per row: every token above the k-th largest value, then the lowest ids among those equal to it.</summary>
    private static Tensor TopKOf(Tensor scaled, int k)
    {
        var kth = scaled.topk(k, dim: 1).values.narrow(1, k - 1, 1);                          // (rows, 1) the k-th largest
        var above = scaled.gt(kth);                                                          // (rows, writable)
        var equal = scaled.eq(kth);
        var room = above.sum(1, keepdim: true, type: ScalarType.Int64).neg().add(k);         // (rows, 1) places left for equals
        var equalRank = equal.cumsum(1, ScalarType.Int64);                                   // 1 for the lowest id among equals
        return above.logical_or(equal.logical_and(equalRank.le(room)));
    }

    private static DecodingDistribution Moved(Tensor probabilities, Tensor logProbabilities, Tensor entropy) =>
        new(probabilities.MoveToOuterDisposeScope(), logProbabilities.MoveToOuterDisposeScope(), entropy.MoveToOuterDisposeScope());
}

/// <summary>
/// P~ for a batch of rows: what <see cref="Decoding.Distribution"/> computed, on the logits' device. Owns its tensors.
/// </summary>
/// <param name="Probabilities">(rows, writable) every writable token's probability; truncated tokens are exactly 0</param>
/// <param name="LogProbabilities">(rows, writable) ln P~; −∞ for truncated tokens</param>
/// <param name="Entropy">(rows) −Σ p ln p over the kept tokens, in nats</param>
public sealed record DecodingDistribution(Tensor Probabilities, Tensor LogProbabilities, Tensor Entropy) : IDisposable
{
    /// <summary>Draws one token per row from exactly <see cref="Probabilities"/>.</summary>
    /// <returns>(rows) int64</returns>
    public Tensor Sample(Generator? generator) => Probabilities.multinomial(1, generator: generator).squeeze(1);

    /// <summary>ln P~ of one token per row.</summary>
    /// <param name="tokens">(rows) int64</param>
    /// <returns>(rows)</returns>
    public Tensor LogProbabilityOf(Tensor tokens) => LogProbabilities.gather(1, tokens.unsqueeze(1)).squeeze(1);

    public void Dispose()
    {
        Probabilities.Dispose();
        LogProbabilities.Dispose();
        Entropy.Dispose();
    }
}
