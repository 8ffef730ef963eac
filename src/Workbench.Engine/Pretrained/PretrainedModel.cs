using Workbench.Engine.Pretrained.Architectures;
using static TorchSharp.torch;

namespace Workbench.Engine.Pretrained;

/// <summary>
/// A pretrained causal language model loaded from a Hugging Face folder (<see cref="ModelFolder"/>), ready for
/// scoring and incremental decoding: <see cref="Forward"/> reads new tokens after what its cache holds, with explicit
/// per-row positions and an attention mask for left-padded batches, and returns next-token logits.
/// </summary>
public abstract class PretrainedModel : nn.Module
{
    private protected PretrainedModel(string name, ArchitectureConfig config, LoadTarget target) : base(name)
    {
        Config = config;
        Device = target.Device;
        ComputeType = target.DType;
    }

    public ArchitectureConfig Config { get; }

    public int VocabularySize => Config.VocabularySize;

    /// <summary>The longest sequence (prompt and output) the model reads: <c>max_position_embeddings</c> or <c>n_positions</c>.</summary>
    public int ContextLength => Config.ContextLength;

    public Device Device { get; }

    /// <summary>The dtype of the weights, the cache and every activation (float32 or bfloat16); logits are float32.</summary>
    public ScalarType ComputeType { get; }

    public int KeyValueHeads => Config.KeyValueHeads;

    public int HeadWidth => Config.HeadWidth;

    /// <summary>Parameters; a tied output head is the embedding and counts once.</summary>
    public long ParameterCount => parameters().Sum(parameter => parameter.numel());

    /// <summary>An empty key/value cache for <paramref name="batch"/> rows of up to <paramref name="capacity"/> tokens each.</summary>
    public PretrainedKeyValueCache NewCache(int batch, int capacity)
    {
        if (capacity > ContextLength) throw new ArgumentException($"A cache of {capacity} tokens exceeds the context of {ContextLength}.", nameof(capacity));
        return new PretrainedKeyValueCache(Config.Layers, batch, capacity, KeyValueHeads, HeadWidth, ComputeType, Device);
    }

    /// <summary>
    /// Reads <paramref name="tokens"/> as the continuation of what <paramref name="cache"/> holds (everything, when there
    /// is no cache) and appends their keys and values to it.
    /// </summary>
    /// <param name="tokens">(batch, new) int64 token ids</param>
    /// <param name="positionIds">(batch, new) int64 position of each token in its own row (left padding shifts them)</param>
    /// <param name="attentionMask">(batch, cached + new), 1 for a real token and 0 for padding; null when every slot is real</param>
    /// <returns>(batch, new, vocabulary) float32 logits of the next token after each new position</returns>
    public Tensor Forward(Tensor tokens, Tensor positionIds, Tensor? attentionMask, PretrainedKeyValueCache? cache)
    {
        var (batch, count) = ((int)tokens.shape[0], (int)tokens.shape[1]);
        var cached = cache?.Length ?? 0;
        if (!positionIds.shape.SequenceEqual(tokens.shape))
            throw new ArgumentException($"positionIds has shape [{string.Join(", ", positionIds.shape)}]; tokens has [{batch}, {count}].", nameof(positionIds));
        if (attentionMask is not null && (attentionMask.shape[0] != batch || attentionMask.shape[1] != cached + count))
            throw new ArgumentException($"attentionMask must be ({batch}, {cached + count}), cached then new slots.", nameof(attentionMask));
        if (cache is not null && (cache.Batch != batch || cached + count > cache.Capacity))
            throw new ArgumentException($"The cache holds {cache.Batch} rows of {cache.Capacity} slots; {batch} rows need {cached + count}.", nameof(cache));
        if (cached + count > ContextLength)
            throw new ArgumentException($"A sequence of {cached + count} tokens exceeds the context of {ContextLength}.", nameof(tokens));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var allowed = Attention.Allowed(cached, count, attentionMask?.to(Device), Device);
        var logits = Decode(tokens.to(Device), positionIds.to(Device), allowed, cache).to(ScalarType.Float32);
        cache?.Advance(count);
        return logits.MoveToOuterDisposeScope();
    }

    /// <param name="allowed">(batch or 1, 1, new, cached + new) where each new position may attend</param>
    /// <returns>(batch, new, vocabulary) logits in the compute dtype</returns>
    private protected abstract Tensor Decode(Tensor tokens, Tensor positions, Tensor allowed, PretrainedKeyValueCache? cache);

    /// <summary>Runs one block in its own dispose scope, so that only its output outlives it.</summary>
    private protected static Tensor Step(Func<Tensor> block)
    {
        using var scope = NewDisposeScope();
        return block().MoveToOuterDisposeScope();
    }
}
