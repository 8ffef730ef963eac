using static TorchSharp.torch;

namespace Workbench.Engine.Pretrained;

/// <summary>What a model makes of one token of a text.</summary>
/// <param name="LogProbability">ln P(this token | every token before it); null for the first token, which has no context</param>
/// <param name="Entropy">entropy in nats of the model's next-token distribution after this position</param>
public sealed record TokenScore(int Id, double? LogProbability, double Entropy);

/// <summary>Scores a token sequence under a model: each token's log-probability given what precedes it, and the entropy of every next-token distribution.</summary>
public static class TokenScores
{
    /// <param name="tokensPerPass">tokens read per forward pass: only their logits are held at once
    /// (64 × a 150 k vocabulary in float64 ≈ 77 MB)</param>
    /// <exception cref="ArgumentException">no tokens, more than the context, or an id outside the vocabulary</exception>
    public static IReadOnlyList<TokenScore> Score(PretrainedModel model, IReadOnlyList<int> ids, int tokensPerPass = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerPass, 1);
        if (ids.Count == 0) throw new ArgumentException("There are no tokens to score.", nameof(ids));
        if (ids.Count > model.ContextLength)
            throw new ArgumentException($"{ids.Count} tokens exceed the model's context of {model.ContextLength}.", nameof(ids));
        if (ids.FirstOrDefault(id => id < 0 || id >= model.VocabularySize, -1) is var bad && bad != -1)
            throw new ArgumentException($"Token id {bad} is outside the vocabulary of {model.VocabularySize}.", nameof(ids));

        var logProbabilities = new double?[ids.Count];
        var entropies = new double[ids.Count];
        using var cache = model.NewCache(batch: 1, capacity: ids.Count);
        for (var start = 0; start < ids.Count; start += tokensPerPass)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(tokensPerPass, ids.Count - start);
            var tokens = tensor(ids.Skip(start).Take(count).Select(id => (long)id).ToArray()).unsqueeze(0);  // (1, count)
            var positions = arange(start, start + count, ScalarType.Int64).unsqueeze(0);                      // (1, count)
            var logits = model.Forward(tokens, positions, null, cache)[0].to(ScalarType.Float64);            // (count, vocabulary)
            var logSoftmax = logits.log_softmax(-1);
            var entropy = -(logSoftmax.exp() * logSoftmax).sum(-1);                                             // (count)
            entropy.data<double>().CopyTo(entropies, start);
            // Position i predicts token i + 1; the chunk's last position predicts the next chunk's first token.
            var following = ids.Skip(start + 1).Take(count).Select(id => (long)id).ToArray();
            var chosen = logSoftmax.narrow(0, 0, following.Length).gather(1, tensor(following).unsqueeze(1)).squeeze(1);
            var values = chosen.data<double>().ToArray();
            for (var offset = 0; offset < values.Length; offset++) logProbabilities[start + offset + 1] = values[offset];
        }
        return [.. ids.Select((id, index) => new TokenScore(id, logProbabilities[index], entropies[index]))];
    }
}
