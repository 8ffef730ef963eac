using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// A trained <see cref="Transformer"/> as an <see cref="INextTokenModel"/>. Samplers ask step by step for prefixes
/// that each extend a prefix of the previous call by one token (the samples still alive); with <c>cached</c>
/// such a call reads only the new tokens through a <see cref="KeyValueCache"/> kept between calls. Any other
/// call (first step, a prefix never seen, e.g. the aligned model asked only where a nudge happens) reads its
/// prefixes whole and starts a new cache from them, so the answers never depend on the cache, only the cost.
/// Prefixes of one length go through in one batch.
/// </summary>
/// <param name="cached">keep keys and values between calls; false re-reads every prefix whole (the reference)</param>
public sealed class TransformerNextTokenModel(Transformer model, bool cached = true) : INextTokenModel, IDisposable
{
    private KeyValueCache? cache;

    /// <summary>What each row of <see cref="cache"/> has read, by its tokens joined.</summary>
    private Dictionary<string, long> cachedRows = [];

    public int VocabularySize => model.Shape.VocabularySize;

    public int EndToken => Vocabulary.End;

    public double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes)
    {
        foreach (var prefix in prefixes)
            if (prefix.Length == 0 || prefix.Length > model.Shape.ContextLength)
                throw new ArgumentException($"A prefix of {prefix.Length} tokens does not fit the model's context of {model.Shape.ContextLength}.", nameof(prefixes));
        model.eval();
        using var noGrad = no_grad();
        var sameLength = prefixes.Count > 0 && prefixes.All(prefix => prefix.Length == prefixes[0].Length);
        return cached && sameLength ? Incrementally(prefixes) : Whole(prefixes);
    }

    /// <summary>Through the cache: one new token per row when every prefix extends a cached row, else whole, refilling the cache.</summary>
    private double[][] Incrementally(IReadOnlyList<int[]> prefixes)
    {
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        var length = prefixes[0].Length;
        var parents = cache?.Length == length - 1 ? prefixes.Select(prefix => cachedRows.GetValueOrDefault(Key(prefix, length - 1), -1)).ToArray() : null;
        Tensor logits;
        if (parents is not null && parents.All(row => row >= 0))
        {
            cache!.SelectRows(tensor(parents, device: device));
            var newest = tensor(prefixes.Select(prefix => (long)prefix[^1]).ToArray(), [prefixes.Count, 1], device: device); // (rows, 1)
            logits = model.Forward(newest, cache).select(1, -1);                                                               // (rows, vocabulary)
        }
        else
        {
            cache?.Dispose();
            cache = model.NewCache();
            var whole = tensor(prefixes.SelectMany(prefix => prefix.Select(token => (long)token)).ToArray(), [prefixes.Count, length], device: device);
            logits = model.Forward(whole, cache).select(1, -1); // (rows, vocabulary)
        }
        cache.DetachFromDisposeScope();
        cachedRows = [];
        for (var row = 0; row < prefixes.Count; row++) cachedRows.TryAdd(Key(prefixes[row], length), row);
        return Rows(nn.functional.log_softmax(logits.to(ScalarType.Float64), 1));
    }

    /// <summary>Without the cache: every prefix read whole, one batch per length.</summary>
    private double[][] Whole(IReadOnlyList<int[]> prefixes)
    {
        var result = new double[prefixes.Count][];
        var device = model.parameters().First().device;
        foreach (var group in Enumerable.Range(0, prefixes.Count).GroupBy(row => prefixes[row].Length))
        {
            using var scope = NewDisposeScope();
            var rows = group.ToArray();
            var tokens = tensor(rows.SelectMany(row => prefixes[row].Select(token => (long)token)).ToArray(), [rows.Length, group.Key], device: device);
            var logProbabilities = Rows(nn.functional.log_softmax(model.call(tokens).select(1, -1).to(ScalarType.Float64), 1)); // (rows, vocabulary)
            for (var i = 0; i < rows.Length; i++) result[rows[i]] = logProbabilities[i];
        }
        return result;
    }

    /// <param name="logProbabilities">(rows, vocabulary)</param>
    private double[][] Rows(Tensor logProbabilities)
    {
        var values = logProbabilities.cpu().data<double>().ToArray();
        var vocabulary = VocabularySize;
        return [.. Enumerable.Range(0, (int)logProbabilities.shape[0]).Select(row => values[(row * vocabulary)..((row + 1) * vocabulary)])];
    }

    private static string Key(int[] prefix, int length) => string.Join(',', prefix.Take(length));

    public void Dispose()
    {
        cache?.Dispose();
        cache = null;
    }
}
