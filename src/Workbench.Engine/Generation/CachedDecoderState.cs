using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>
/// A causal model decoding through one preallocated <see cref="KeyValueCache"/>: the prompts, left-padded with their
/// own positions and a mask over the padding (<see cref="PaddedPrompts"/>), are read once (in chunks when long), then
/// one token per row per step. Memory is the cache plus one step's temporaries, whatever the output length.
/// </summary>
internal sealed class CachedDecoderState : IDecoderState
{
    /// <summary>Positions read per forward pass while reading prompts, at most, which bounds a pass's activations.</summary>
    private const int PromptPositionsPerPass = 32_768;

    private readonly ICausalLanguageModel model;
    private readonly PaddedPrompts batch;
    private readonly KeyValueCache cache;

    /// <param name="readAfterPrompt">tokens each row reads after its prompt (the output length less one: the last token
    /// written is never read back); sizes the cache</param>
    public CachedDecoderState(ICausalLanguageModel model, IReadOnlyList<int[]> prompts, int readAfterPrompt)
    {
        this.model = model;
        batch = new PaddedPrompts(prompts, readAfterPrompt, model.ContextLength, model.Device);
        cache = model.NewCache(prompts.Count, batch.Capacity);
    }

    public long Rows => batch.Tokens.shape[0];

    public Device Device => model.Device;

    public Tensor Start()
    {
        if (cache.Length > 0) throw new InvalidOperationException("The prompts have been read already.");
        var chunk = (int)Math.Max(1, PromptPositionsPerPass / Rows);
        Tensor? logits = null;
        for (var start = 0; start < batch.Longest; start += chunk)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(chunk, batch.Longest - start);
            logits?.Dispose();
            logits = model.Forward(batch.Tokens.narrow(1, start, length), batch.Positions.narrow(1, start, length),
                batch.MaskUpTo(start + length), cache, logitsToKeep: 1).select(1, 0).MoveToOuterDisposeScope(); // (rows, vocabulary)
        }
        return logits!;
    }

    public Tensor Next(Tensor written, Tensor finished)
    {
        using var scope = NewDisposeScope();
        var slot = cache.Length;
        return model.Forward(written.unsqueeze(1), batch.Positions.narrow(1, slot, 1), batch.MaskUpTo(slot + 1), cache, logitsToKeep: 1)
            .select(1, 0).MoveToOuterDisposeScope();                                             // (rows, vocabulary)
    }

    public void KeepRows(Tensor rows)
    {
        cache.SelectRows(rows);
        batch.KeepRows(rows);
    }

    public void Dispose()
    {
        cache.Dispose();
        batch.Dispose();
    }
}
