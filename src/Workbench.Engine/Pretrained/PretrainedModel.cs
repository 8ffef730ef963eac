using Workbench.Engine.Generation;
using Workbench.Engine.Pretrained.Architectures;
using static TorchSharp.torch;

namespace Workbench.Engine.Pretrained;

/// <summary>
/// A pretrained causal language model loaded from a Hugging Face folder (<see cref="ModelFolder"/>), driven by the
/// generation engine like every causal model (<see cref="ICausalLanguageModel"/>, whose contract this keeps): it reads
/// new tokens after what the engine's <see cref="KeyValueCache"/> holds, with explicit per-row positions and an
/// attention mask for left-padded batches, and returns float32 next-token logits.
/// </summary>
public abstract class PretrainedModel : nn.Module, ICausalLanguageModel
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

    /// <summary>Parameters; a tied output head is the embedding and counts once.</summary>
    public long ParameterCount => parameters().Sum(parameter => parameter.numel());

    /// <summary>An empty cache of the model's layers, key/value heads and head width, in the compute dtype.</summary>
    /// <exception cref="ArgumentException">more slots than the model's context</exception>
    public KeyValueCache NewCache(int batch, int capacity)
    {
        if (capacity > ContextLength) throw new ArgumentException($"A cache of {capacity} tokens exceeds the context of {ContextLength}.", nameof(capacity));
        return new KeyValueCache(batch, capacity, [.. Enumerable.Repeat(new KeyValueShape(Config.KeyValueHeads, Config.HeadWidth), Config.Layers)],
            ComputeType, Device);
    }

    /// <summary>The incremental forward pass of <see cref="ICausalLanguageModel.Forward"/>.</summary>
    /// <returns>(batch, kept, vocabulary) float32 logits</returns>
    public Tensor Forward(Tensor tokens, Tensor positions, Tensor? attentionMask, KeyValueCache cache, int logitsToKeep)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return Read(tokens, positions, attentionMask, cache, logitsToKeep);
    }

    /// <summary>Reads whole sequences without a cache (scoring, and the tests' reference passes).</summary>
    /// <param name="tokens">(batch, time) int64</param>
    /// <param name="positions">(batch, time) int64 position of each token in its own row</param>
    /// <param name="attentionMask">(batch, time), true (or 1) for a real token; null when no row is padded</param>
    /// <returns>(batch, time, vocabulary) float32 logits of the next token after each position</returns>
    public Tensor Forward(Tensor tokens, Tensor positions, Tensor? attentionMask = null) => Read(tokens, positions, attentionMask, null, 0);

    /// <summary>Reads whole unpadded sequences recording gradients, for fine-tuning: the parameters that are to learn must require
    /// gradients (they are loaded without). Autograd keeps what the backward pass needs; this call's own handles are freed.</summary>
    /// <param name="tokens">(batch, time) int64</param>
    /// <param name="positions">(batch, time) int64</param>
    /// <returns>(batch, time, vocabulary) float32 logits</returns>
    public Tensor ForwardWithGradients(Tensor tokens, Tensor positions) => Read(tokens, positions, null, null, 0, recordGradients: true);

    private Tensor Read(Tensor tokens, Tensor positions, Tensor? attentionMask, KeyValueCache? cache, int logitsToKeep, bool recordGradients = false)
    {
        var (batch, count) = ((int)tokens.shape[0], (int)tokens.shape[1]);
        var cached = cache?.Length ?? 0;
        if (!positions.shape.SequenceEqual(tokens.shape))
            throw new ArgumentException($"positions has shape [{string.Join(", ", positions.shape)}]; tokens has [{batch}, {count}].", nameof(positions));
        if (attentionMask is not null && (attentionMask.shape[0] != batch || attentionMask.shape[1] != cached + count))
            throw new ArgumentException($"attentionMask must be ({batch}, {cached + count}), cached then new slots.", nameof(attentionMask));
        if (cache is not null && (cache.Batch != batch || cached + count > cache.Capacity))
            throw new ArgumentException($"The cache holds {cache.Batch} rows of {cache.Capacity} slots; {batch} rows need {cached + count}.", nameof(cache));
        if (cached + count > ContextLength)
            throw new ArgumentException($"A sequence of {cached + count} tokens exceeds the context of {ContextLength}.", nameof(tokens));
        using var noGrad = recordGradients ? null : no_grad();
        using var scope = NewDisposeScope();
        var allowed = Attention.Allowed(cached, count, attentionMask?.to(Device), Device);
        var kept = logitsToKeep is > 0 && logitsToKeep < count ? logitsToKeep : count;
        return Decode(tokens.to(Device), positions.to(Device), allowed, cache, kept).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <param name="allowed">(batch or 1, 1, new, cached + new) where each new position may attend</param>
    /// <param name="cache">written in place by every layer (<see cref="KeyValueCache.Layer.Append"/>), or null</param>
    /// <param name="kept">the last this many new positions get logits</param>
    /// <returns>(batch, kept, vocabulary) logits in the compute dtype</returns>
    private protected abstract Tensor Decode(Tensor tokens, Tensor positions, Tensor allowed, KeyValueCache? cache, int kept);

    /// <summary>Runs one block in its own dispose scope, so that only its output outlives it.</summary>
    private protected static Tensor Step(Func<Tensor> block)
    {
        using var scope = NewDisposeScope();
        return block().MoveToOuterDisposeScope();
    }

    /// <summary>The last <paramref name="kept"/> positions of (batch, new, hidden): only they reach the output head.</summary>
    private protected static Tensor LastPositions(Tensor x, int kept) => kept == x.shape[1] ? x : x.narrow(1, x.shape[1] - kept, kept);
}
