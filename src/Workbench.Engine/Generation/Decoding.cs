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
/// <param name="TopP">keep the most likely tokens (equals in id order) until their cumulative probability reaches this,
/// the token that crosses it included; 1 keeps all</param>
/// <param name="MinP">keep the tokens at least this fraction as likely as the most likely one; 0 keeps all</param>
/// <param name="WritableTokens">only ids below this are ever written (e.g. the task's tokens, never the <c>&lt;mask&gt;</c>
/// or seed-prefix tokens, or a tokenizer's real vocabulary below a padded head); null allows every id</param>
public sealed record Decoding(double Temperature = 1, int TopK = 0, double TopP = 1, double MinP = 0, int? WritableTokens = null)
{
    /// <summary>The plain softmax: no temperature, no truncation.</summary>
    public static Decoding Plain { get; } = new();

    /// <summary>Top-p first looks for its cut among this many most likely tokens, then among this many times more, then sorts the row.</summary>
    private const int TopPCandidates = 256;

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
        return DecodingDistribution.Draw(nn.functional.softmax(Truncated(logits), 1), generator).MoveToOuterDisposeScope();
    }

    /// <summary>The distribution P~ of every row after all the rules, renormalised, with its entropy.</summary>
    /// <param name="logits">(rows, vocabulary), or any log-probabilities; computed in their dtype (float32 at least)</param>
    public DecodingDistribution Distribution(Tensor logits)
    {
        ThrowIfInvalid();
        using var scope = NewDisposeScope();
        Tensor truncated;                                                                    // (rows, writable), −∞ where truncated
        if (Temperature == 0)
        {
            var writable = Working(logits);
            var top = writable.argmax(1, keepdim: true);                                      // (rows, 1)
            truncated = full_like(writable, double.NegativeInfinity).scatter_(1, top, zeros_like(top, writable.dtype));
        }
        else
        {
            truncated = Truncated(logits);
            // Without temperature or truncation that is the caller's own tensor: this distribution must own another handle.
            if (ReferenceEquals(truncated, logits)) truncated = truncated.alias();
        }
        var normaliser = truncated.logsumexp(1, keepdim: true);                              // (rows, 1)
        var probabilities = (truncated - normaliser).exp();                                 // (rows, writable)
        // H = −Σ p (z − ln Z) = ln Z − Σ p z over the kept tokens: one product instead of a logarithm per token.
        var entropy = normaliser.squeeze(1) - probabilities.mul(truncated.nan_to_num(0, 0, 0)).sum(1);
        return new DecodingDistribution(probabilities.MoveToOuterDisposeScope(), truncated.MoveToOuterDisposeScope(),
            normaliser.MoveToOuterDisposeScope(), entropy.clamp_min(0).MoveToOuterDisposeScope());
    }

    /// <returns>(rows, writable) the logits after temperature, −∞ wherever top-k, top-p or min-p truncates</returns>
    private Tensor Truncated(Tensor logits)
    {
        var scaled = Temperature == 1 ? Working(logits) : Working(logits) / Temperature;
        if (TopK > 0 && TopK < scaled.shape[1]) scaled = scaled.masked_fill(TopKOf(scaled, TopK).logical_not(), double.NegativeInfinity);
        if (TopP < 1) scaled = scaled.masked_fill(TopPOf(scaled, TopP).logical_not(), double.NegativeInfinity);
        if (MinP > 0)
        {
            // p ≥ MinP · p_max ⇔ logit ≥ max logit + ln MinP, whatever the normalisation.
            var floor = scaled.max(1, keepdim: true).values + Math.Log(MinP);                 // (rows, 1)
            scaled = scaled.masked_fill(scaled.lt(floor), double.NegativeInfinity);
        }
        return scaled;
    }

    /// <returns>the writable ids' logits (a view, so ids are unchanged), in float32 or float64</returns>
    private Tensor Working(Tensor logits)
    {
        var writable = WritableTokens is int count && count < logits.shape[1] ? logits.narrow(1, 0, count) : logits;
        return writable.dtype is ScalarType.Float32 or ScalarType.Float64 ? writable : writable.to(ScalarType.Float32);
    }

    /// <summary>Exactly k tokens per row: every token above the k-th largest value, then the lowest ids among those equal to it.</summary>
    /// <returns>(rows, writable) bool</returns>
    private static Tensor TopKOf(Tensor scaled, int k)
    {
        var kth = scaled.topk(k, dim: 1).values.narrow(1, k - 1, 1);                          // (rows, 1) the k-th largest
        var above = scaled.gt(kth);                                                          // (rows, writable)
        var equal = scaled.eq(kth);
        var room = above.sum(1, keepdim: true, type: ScalarType.Int64).neg().add(k);         // (rows, 1) places left for equals
        return above.logical_or(equal.logical_and(equal.cumsum(1, ScalarType.Int64).le(room)));
    }

    /// <summary>
    /// The smallest most-likely-first prefix of each row whose probability reaches <paramref name="topP"/>. Sorting a
    /// row of 32 k–150 k tokens every step would cost more than the model, so the cut is first looked for among the
    /// few most likely tokens; it is taken from them only where it is certain (the last token kept is strictly more
    /// likely than every token not looked at), else among more, and at last by sorting the whole row.
    /// </summary>
    /// <param name="scaled">(rows, writable) logits after temperature and top-k</param>
    /// <returns>(rows, writable) bool</returns>
    private static Tensor TopPOf(Tensor scaled, double topP)
    {
        var vocabulary = scaled.shape[1];
        var normaliser = scaled.logsumexp(1, keepdim: true);                                 // (rows, 1): renormalises what top-k left
        for (var candidates = Math.Min(TopPCandidates, vocabulary); ; candidates = Math.Min(vocabulary, 16 * candidates))
        {
            using var scope = NewDisposeScope();
            var (values, order) = MostLikelyFirst(scaled, candidates);                        // (rows, candidates)
            var probabilities = (values - normaliser).exp();
            var cumulative = probabilities.cumsum(1);
            var before = cat([zeros_like(cumulative.narrow(1, 0, 1)), cumulative.narrow(1, 0, candidates - 1)], 1); // mass of the more likely tokens
            // A token is kept while the mass before it is below TopP: the one that reaches TopP is kept too.
            var keptSorted = before.lt(topP);
            keptSorted.select(1, 0).fill_(true);
            if (candidates < vocabulary)
            {
                var keptCount = keptSorted.sum(1, keepdim: true, type: ScalarType.Int64);   // (rows, 1)
                var lastKept = values.gather(1, keptCount - 1);
                var certain = keptCount.lt(candidates).logical_and(lastKept.gt(values.narrow(1, candidates - 1, 1)));
                if (!certain.all().item<bool>()) continue;
            }
            return zeros_like(scaled, ScalarType.Bool).scatter_(1, order, keptSorted).MoveToOuterDisposeScope();
        }
    }

    /// <returns>the <paramref name="count"/> largest values of each row, most likely first and equals in id order, and their ids</returns>
    private static (Tensor Values, Tensor Ids) MostLikelyFirst(Tensor scaled, long count)
    {
        if (count == scaled.shape[1]) return scaled.sort(1, descending: true, stable: true);
        var (values, ids) = scaled.topk((int)count, dim: 1);                                  // ties in no particular order
        var (byId, idOrder) = ids.sort(1);
        var (sorted, valueOrder) = values.gather(1, idOrder).sort(1, descending: true, stable: true);
        return (sorted, byId.gather(1, valueOrder));
    }
}

/// <summary>
/// P~ for a batch of rows, as <see cref="Decoding.Distribution"/> computed it on the logits' device. Owns its tensors.
/// </summary>
public sealed class DecodingDistribution(Tensor probabilities, Tensor truncated, Tensor normaliser, Tensor entropy) : IDisposable
{
    /// <summary>(rows, writable) every writable token's probability; truncated tokens are exactly 0.</summary>
    public Tensor Probabilities => probabilities;

    /// <summary>(rows) −Σ p ln p over the kept tokens, in nats.</summary>
    public Tensor Entropy => entropy;

    /// <summary>(rows, writable) ln P~ of every token, −∞ for truncated ones: a new tensor, in the caller's scope.</summary>
    public Tensor LogProbabilities => truncated - normaliser;

    /// <summary>ln P~ of one token per row.</summary>
    /// <param name="tokens">(rows) int64</param>
    /// <returns>(rows)</returns>
    public Tensor LogProbabilityOf(Tensor tokens) => (truncated.gather(1, tokens.unsqueeze(1)) - normaliser).squeeze(1);

    /// <summary>Draws one token per row from exactly <see cref="Probabilities"/>.</summary>
    /// <returns>(rows) int64</returns>
    public Tensor Sample(Generator? generator) => Draw(probabilities, generator);

    /// <summary>
    /// One draw per row by inverting its cumulative distribution at a uniform point: one random number per row, and
    /// work linear in the vocabulary (an exponential race, torch's <c>multinomial</c>, draws one number per token).
    /// </summary>
    /// <param name="probabilities">(rows, tokens), each row summing to about 1</param>
    /// <returns>(rows) int64; never a token of probability 0</returns>
    internal static Tensor Draw(Tensor probabilities, Generator? generator)
    {
        using var scope = NewDisposeScope();
        var rows = probabilities.shape[0];
        var cumulative = probabilities.cumsum(1, ScalarType.Float64);                       // (rows, tokens)
        var total = cumulative.narrow(1, cumulative.shape[1] - 1, 1).contiguous();          // (rows, 1)
        var point = rand(rows, 1, dtype: ScalarType.Float64, device: probabilities.device, generator: generator) * total;
        var drawn = searchsorted(cumulative, point, right: true);                          // (rows, 1): tokens wholly below the point
        // Rounding can put the point at the total itself: the last token of probability > 0 takes it.
        var lastPossible = searchsorted(cumulative, total, right: false);
        return drawn.minimum(lastPossible).squeeze(1).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        probabilities.Dispose();
        truncated.Dispose();
        normaliser.Dispose();
        entropy.Dispose();
    }
}
