using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>
/// The one way the engine writes text with an autoregressive model: every sampler of both research lines (creativity
/// answers, branching-factor samples with their entropies, nudging, resampling from a cut, scoring a given text) goes
/// through here and through one <see cref="Decoding"/> rule set. Prompts may differ in length (left-padded, with
/// their own positions and masks; a padded row computes what it would alone); memory is the model, its
/// preallocated key-value cache and one step's temporaries, flat in the output length: each step runs in its own
/// dispose scope and writes its tokens into preallocated outputs; finished rows stay in the batch, ignored, until
/// half of them have finished, then are dropped in one copy of the cache.
/// </summary>
public static class GenerationEngine
{
    /// <summary>
    /// The version of what the engine writes for a given seed, recorded with every run (<see cref="TorchEnvironment"/>)
    /// so that a replay under another version is told why its samples may differ. Raise it whenever the same model,
    /// spec and seed would write different tokens or measure different values.
    /// 1: the samplers before this engine (creativity: torch's multinomial per objective; branching factor: managed
    /// distributions drawn with System.Random). 2: this engine: every draw inverts the cumulative distribution at one
    /// uniform number per row (the torch generator; branching factor seeds it from its measurement stream), decoding
    /// distributions are computed on tensors, and finished rows are dropped in batches.
    /// </summary>
    public const int Version = 2;

    /// <summary>Steps between returning freed host memory to the system (<see cref="TorchRuntime.ReleaseFreedHostMemory"/>).</summary>
    private const int ReleaseEvery = 32;

    /// <summary>Writes after every prompt with a causal model, in batches of prompts of similar length.</summary>
    /// <param name="prompts">one per output wanted; any lengths ≥ 1</param>
    /// <param name="generator">draws every token, on the model's device: the same generator state, model, prompts and
    /// options give the same outputs</param>
    /// <returns>per prompt, in order, what was written after it</returns>
    /// <exception cref="ArgumentException">a prompt is empty or does not fit the model's context with its output</exception>
    public static IReadOnlyList<SampledOutput> Generate(ICausalLanguageModel model, IReadOnlyList<int[]> prompts, GenerationOptions options, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNewTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        var outputs = new SampledOutput[prompts.Count];
        foreach (var bucket in Buckets(prompts, options.MaxNewTokens, options.MaxBatch))
        {
            var bucketPrompts = bucket.Select(index => prompts[index]).ToList();
            using var state = Start(model, bucketPrompts, options.MaxNewTokens, options.ReuseCache);
            var written = Decode(state, options, generator);
            for (var i = 0; i < bucket.Count; i++) outputs[bucket[i]] = written[i];
        }
        return outputs;
    }

    /// <summary>The decoding state <see cref="Generate"/> uses for one batch of prompts.</summary>
    /// <param name="maxNewTokens">tokens each row writes at most; sizes the key-value cache</param>
    /// <param name="reuseCache">false: every step re-reads each whole sequence (<see cref="GenerationOptions.ReuseCache"/>)</param>
    public static IDecoderState Start(ICausalLanguageModel model, IReadOnlyList<int[]> prompts, int maxNewTokens, bool reuseCache = true) =>
        reuseCache
            ? new CachedDecoderState(model, prompts, maxNewTokens - 1)
            : new ReforwardDecoderState(model, prompts, maxNewTokens - 1);

    /// <summary>The decoding loop: one token per row per step until every row has written an end token or the limit.</summary>
    /// <param name="generator">on <see cref="IDecoderState.Device"/></param>
    /// <returns>per row of the state, in order, what it wrote</returns>
    public static IReadOnlyList<SampledOutput> Decode(IDecoderState state, GenerationOptions options, Generator generator)
    {
        options.Decoding.ThrowIfInvalid();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNewTokens, 1);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (rows, steps, device) = (state.Rows, options.MaxNewTokens, state.Device);
        var written = full(rows, steps, -1L, dtype: ScalarType.Int64, device: device);            // (rows, steps); −1: not written
        var entropies = options.Measure ? zeros(rows, steps, dtype: ScalarType.Float64, device: device) : null;
        var logProbabilities = options.Measure ? zeros(rows, steps, dtype: ScalarType.Float64, device: device) : null;
        var endTokens = tensor(options.EndTokens.Select(token => (long)token).ToArray(), device: device);
        var rowOf = arange(rows, device: device);                                                 // (current) each current row's original row
        var finished = zeros(rows, dtype: ScalarType.Bool, device: device);                       // (current)
        Tensor logits;
        using (NewDisposeScope()) logits = state.Start().MoveToOuterDisposeScope();               // (current, vocabulary)

        for (var step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            Tensor chosen;                                                                        // (current)
            if (options.Measure)
            {
                using var distribution = options.Decoding.Distribution(logits.to(ScalarType.Float64));
                chosen = distribution.Sample(generator);
                entropies!.select(1, step).index_copy_(0, rowOf, distribution.Entropy.masked_fill(finished, 0));
                logProbabilities!.select(1, step).index_copy_(0, rowOf, distribution.LogProbabilityOf(chosen).masked_fill(finished, 0));
            }
            else
            {
                chosen = options.Decoding.Choose(logits, generator);
            }
            written.select(1, step).index_copy_(0, rowOf, chosen.masked_fill(finished, -1));
            finished.logical_or_(chosen.isin(endTokens));
            var unfinished = finished.logical_not().sum().item<long>();
            if (unfinished == 0 || step == steps - 1) break;

            var current = finished.shape[0];
            if (unfinished <= current / 2)
            {
                // Drop the finished rows once half of them are: one copy of the cache per halving, not one per step.
                var kept = finished.logical_not().nonzero().squeeze(1);                           // (unfinished)
                state.KeepRows(kept);
                rowOf = Replace(rowOf, rowOf.index_select(0, kept));
                finished = Replace(finished, zeros(unfinished, dtype: ScalarType.Bool, device: device));
                chosen = chosen.index_select(0, kept);
            }
            logits = Replace(logits, state.Next(chosen, finished));
            if (step % ReleaseEvery == ReleaseEvery - 1) TorchRuntime.ReleaseFreedHostMemory();
        }
        return Outputs(written, entropies, logProbabilities);
    }

    /// <summary>
    /// Prompts grouped for decoding: ordered by length (longest first; equal lengths keep their order), a prompt shares
    /// a batch with longer ones while its padding is at most a quarter of the batch's row (prompt and output), and a
    /// batch holds at most <paramref name="maxBatch"/> prompts. Equal prompts lengths keep their order, so prompts of one
    /// length (the usual case) are decoded exactly as given.
    /// </summary>
    /// <returns>indices into <paramref name="prompts"/>, per batch</returns>
    public static IReadOnlyList<IReadOnlyList<int>> Buckets(IReadOnlyList<int[]> prompts, int maxNewTokens, int maxBatch)
    {
        var buckets = new List<IReadOnlyList<int>>();
        List<int>? bucket = null;
        var longest = 0;
        foreach (var index in Enumerable.Range(0, prompts.Count).OrderByDescending(index => prompts[index].Length))
        {
            var length = prompts[index].Length;
            if (bucket is null || bucket.Count == maxBatch || 4 * (longest - length) > longest + maxNewTokens)
            {
                bucket = [];
                buckets.Add(bucket);
                longest = length;
            }
            bucket.Add(index);
        }
        return buckets;
    }

    /// <summary>
    /// Scores given texts: at every position, the log-probability the model gives the token there after everything
    /// before it, and the entropy of the model's next-token distribution there (plain softmax, no decoding rules).
    /// Texts of any lengths go through in one left-padded batch, read in chunks so that memory stays
    /// O(rows × chunk × vocabulary).
    /// </summary>
    /// <param name="texts">token ids, at least one per text</param>
    public static IReadOnlyList<ScoredText> Score(ICausalLanguageModel model, IReadOnlyList<int[]> texts)
    {
        if (texts.Count == 0) return [];
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var batch = new PaddedPrompts(texts, readAfterPrompt: 0, model.ContextLength, model.Device);
        using var cache = model.NewCache(texts.Count, batch.Capacity);
        var (rows, slots) = (texts.Count, batch.Longest);
        var logProbabilities = new double[rows, slots];
        var entropies = new double[rows, slots];
        // Chunks of about 4 M logits: ~16 MB each in float32, a few such temporaries per chunk.
        var chunk = (int)Math.Clamp((1L << 22) / ((long)rows * model.VocabularySize), 1, slots);
        for (var start = 0; start < slots; start += chunk)
        {
            using var chunkScope = NewDisposeScope();
            var length = Math.Min(chunk, slots - start);
            var logits = model.Forward(batch.Tokens.narrow(1, start, length), batch.Positions.narrow(1, start, length),
                batch.MaskUpTo(start + length), cache, logitsToKeep: 0);                            // (rows, length, vocabulary)
            var logSoftmax = nn.functional.log_softmax(logits.to(ScalarType.Float32), 2);
            var probabilities = logSoftmax.exp();
            var entropy = probabilities.xlogy(probabilities).sum(2).neg().to(ScalarType.Float64).cpu().data<double>().ToArray();
            // The token in the next slot, scored by this slot's distribution (the last slot has no next token).
            var next = batch.Tokens.narrow(1, start + 1, Math.Min(length, slots - start - 1));
            var nextLogProbability = logSoftmax.narrow(1, 0, next.shape[1]).gather(2, next.unsqueeze(2)).squeeze(2)
                .to(ScalarType.Float64).cpu().data<double>().ToArray();                             // (rows, ≤ length)
            for (var row = 0; row < rows; row++)
                for (var i = 0; i < length; i++)
                {
                    entropies[row, start + i] = entropy[row * length + i];
                    if (i < next.shape[1]) logProbabilities[row, start + i + 1] = nextLogProbability[row * next.shape[1] + i];
                }
        }
        return [.. texts.Select((text, row) =>
        {
            var padding = slots - text.Length;
            return new ScoredText(text,
                [.. Enumerable.Range(0, text.Length).Select(i => i == 0 ? (double?)null : logProbabilities[row, padding + i])],
                [.. Enumerable.Range(0, text.Length).Select(i => entropies[row, padding + i])]);
        })];
    }

    /// <summary>The next-token logits after each prefix, in one left-padded batch.</summary>
    /// <returns>(prefixes, vocabulary); the caller disposes it</returns>
    public static Tensor NextTokenLogits(ICausalLanguageModel model, IReadOnlyList<int[]> prefixes)
    {
        using var noGrad = no_grad();
        using var state = new CachedDecoderState(model, prefixes, readAfterPrompt: 0);
        return state.Start();
    }

    private static Tensor Replace(Tensor old, Tensor replacement)
    {
        old.Dispose();
        return replacement.MoveToOuterDisposeScope();
    }

    /// <param name="written">(rows, steps) token ids, −1 after each row's end</param>
    private static SampledOutput[] Outputs(Tensor written, Tensor? entropies, Tensor? logProbabilities)
    {
        var (rows, steps) = ((int)written.shape[0], (int)written.shape[1]);
        var tokens = written.cpu().data<long>().ToArray();
        var entropy = entropies?.cpu().data<double>().ToArray();
        var logProbability = logProbabilities?.cpu().data<double>().ToArray();
        var outputs = new SampledOutput[rows];
        for (var row = 0; row < rows; row++)
        {
            var end = Array.IndexOf(tokens, -1L, row * steps, steps);
            var length = end < 0 ? steps : end - row * steps;
            outputs[row] = new SampledOutput(
                [.. tokens.AsSpan(row * steps, length).ToArray().Select(token => (int)token)],
                entropy is null ? [] : entropy.AsSpan(row * steps, length).ToArray(),
                logProbability is null ? [] : logProbability.AsSpan(row * steps, length).ToArray());
        }
        return outputs;
    }
}

/// <summary>A text as the model reads it: per position, ln P(token | everything before) and the entropy of what comes next.</summary>
/// <param name="Tokens">the text's token ids</param>
/// <param name="LogProbabilities">ln P(Tokens[i] | Tokens[..i]) in nats; null at position 0, which nothing precedes</param>
/// <param name="Entropies">H(next token | Tokens[..(i + 1)]) in nats: the entropy of the model's distribution at position i,
/// the one that scores Tokens[i + 1]</param>
public sealed record ScoredText(int[] Tokens, double?[] LogProbabilities, double[] Entropies);
