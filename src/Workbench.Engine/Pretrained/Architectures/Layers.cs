using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Engine.Pretrained.Architectures;

/// <summary>
/// The building blocks the architectures share. Parameters are created empty in the compute dtype, on the device,
/// and filled from the checkpoint by <see cref="CheckpointReader"/>: nothing is initialised at random and nothing is
/// held twice. Names are Hugging Face's, so that a module's parameter names are the checkpoint's tensor names.
/// </summary>
internal static class Weights
{
    public static Parameter Empty(LoadTarget target, params long[] shape) =>
        new(empty(shape, target.DType, target.Device), requires_grad: false);
}

/// <summary>An embedding table stored as <c>nn.Embedding</c> stores it: weight (rows, width).</summary>
internal sealed class EmbeddingTable : Module
{
    public EmbeddingTable(LoadTarget target, long rows, long width) : base(nameof(EmbeddingTable))
    {
        Weight = Weights.Empty(target, rows, width);
        register_parameter("weight", Weight);
    }

    public Parameter Weight { get; }

    /// <param name="ids">(batch, time) int64</param>
    /// <returns>(batch, time, width)</returns>
    public Tensor Lookup(Tensor ids) => Weight.index_select(0, ids.reshape(-1)).view(ids.shape[0], ids.shape[1], Weight.shape[1]);
}

/// <summary>The device and dtype a model is built in.</summary>
internal sealed record LoadTarget(Device Device, ScalarType DType);

/// <summary>A linear layer stored as Hugging Face stores <c>nn.Linear</c>: weight (out, in), optional bias (out).</summary>
internal sealed class Projection : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;

    public Projection(LoadTarget target, long inputs, long outputs, bool hasBias) : base(nameof(Projection))
    {
        weight = Weights.Empty(target, outputs, inputs);
        register_parameter("weight", weight);
        if (hasBias)
        {
            bias = Weights.Empty(target, outputs);
            register_parameter("bias", bias);
        }
    }

    /// <param name="x">(..., inputs)</param>
    /// <returns>(..., outputs)</returns>
    public override Tensor forward(Tensor x) => functional.linear(x, weight, bias);
}

/// <summary>
/// RMSNorm as Llama, Qwen and OLMo-2 compute it — in float32, then scaled by the weight after casting back — or as
/// Gemma does (<see cref="offsetByOne"/>): scaled by (1 + weight) in float32 before casting back.
/// </summary>
internal sealed class RmsNorm : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double epsilon;
    private readonly bool offsetByOne;

    public RmsNorm(LoadTarget target, long width, double epsilon, bool offsetByOne = false) : base(nameof(RmsNorm))
    {
        weight = Weights.Empty(target, width);
        register_parameter("weight", weight);
        this.epsilon = epsilon;
        this.offsetByOne = offsetByOne;
    }

    /// <param name="x">(..., width)</param>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var wide = x.to(ScalarType.Float32);
        var normalised = wide * (wide.pow(2).mean([-1], keepdim: true) + epsilon).rsqrt();
        var result = offsetByOne
            ? (normalised * (weight.to(ScalarType.Float32) + 1)).to(x.dtype)
            : weight * normalised.to(x.dtype);
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Rotary position embedding (RoPE) with Hugging Face's <c>rotate_half</c> layout: the head's first and second halves
/// are the pairs rotated together. The inverse frequencies follow <c>modeling_rope_utils.py</c> for the default,
/// <c>linear</c> and <c>llama3</c> scalings, computed in float32 as there.
/// </summary>
internal sealed class RotaryEmbedding
{
    private readonly Tensor inverseFrequencies; // (headWidth / 2), float32

    public RotaryEmbedding(RotaryScaling scaling, int headWidth, Device device)
    {
        using var scope = NewDisposeScope();
        var exponents = arange(0, headWidth, 2, ScalarType.Int64).to(ScalarType.Float32) / headWidth;
        var frequencies = 1.0f / pow(tensor((float)scaling.Theta), exponents);
        frequencies = scaling.Type switch
        {
            "linear" => frequencies / (float)scaling.Factor,
            "llama3" => Llama3(frequencies, scaling),
            _ => frequencies,
        };
        inverseFrequencies = frequencies.to(device).DetachFromDisposeScope();
    }

    /// <summary>
    /// Llama 3.1's scaling: wavelengths shorter than original context / high factor are kept, those longer than
    /// original context / low factor are divided by the factor, and those between are interpolated smoothly.
    /// </summary>
    private static Tensor Llama3(Tensor frequencies, RotaryScaling scaling)
    {
        var factor = scaling.Factor;
        var lowWavelength = scaling.OriginalContextLength / scaling.LowFrequencyFactor;
        var highWavelength = scaling.OriginalContextLength / scaling.HighFrequencyFactor;
        var wavelengths = 2 * Math.PI / frequencies;
        var scaled = where(wavelengths > lowWavelength, frequencies / factor, frequencies);
        var smooth = (scaling.OriginalContextLength / wavelengths - scaling.LowFrequencyFactor) / (scaling.HighFrequencyFactor - scaling.LowFrequencyFactor);
        var smoothed = (1 - smooth) * scaled / factor + smooth * scaled;
        var medium = (wavelengths >= highWavelength).logical_and(wavelengths <= lowWavelength);
        return where(medium, smoothed, scaled);
    }

    /// <param name="positions">(batch, new) int64 position ids</param>
    /// <returns>cos and sin, each (batch, 1, new, headWidth) in <paramref name="dtype"/></returns>
    public (Tensor Cos, Tensor Sin) At(Tensor positions, ScalarType dtype)
    {
        var angles = positions.to(ScalarType.Float32).unsqueeze(-1) * inverseFrequencies; // (batch, new, headWidth / 2)
        var both = cat([angles, angles], -1).unsqueeze(1);                                  // (batch, 1, new, headWidth)
        return (both.cos().to(dtype), both.sin().to(dtype));
    }

    /// <param name="x">(batch, heads, new, headWidth)</param>
    public static Tensor Rotate(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var rotatedHalf = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return x * cos + rotatedHalf * sin;
    }
}

/// <summary>Causal self-attention over cached and new positions, with padding masked out.</summary>
internal static class Attention
{
    /// <summary>
    /// Which earlier slots each new position may read: itself and the earlier slots the attention mask keeps.
    /// A position always sees itself, so a padding position (which sees nothing else) stays finite.
    /// </summary>
    /// <param name="keep">(batch, cached + new) 1 for a real token, 0 for padding; null: every slot is real</param>
    /// <returns>(batch or 1, 1, new, cached + new) true where attention is allowed</returns>
    public static Tensor Allowed(int cached, int count, Tensor? keep, Device device)
    {
        var total = cached + count;
        var keySlots = arange(total, device: device).unsqueeze(0);                  // (1, total)
        var querySlots = arange(cached, total, device: device).unsqueeze(1);        // (new, 1)
        var causal = keySlots <= querySlots;                                         // (new, total)
        if (keep is null) return causal.unsqueeze(0).unsqueeze(0);
        var real = keep.to(ScalarType.Bool).unsqueeze(1).unsqueeze(1);             // (batch, 1, 1, total)
        return causal.logical_and(real.logical_or(keySlots == querySlots));          // (batch, 1, new, total)
    }

    /// <param name="query">(batch, heads, new, headWidth)</param>
    /// <param name="keys">(batch, kvHeads, total, headWidth); each group of heads / kvHeads query heads shares one</param>
    /// <param name="allowed">from <see cref="Allowed"/></param>
    /// <returns>(batch, new, heads · headWidth)</returns>
    public static Tensor Attend(Tensor query, Tensor keys, Tensor values, Tensor allowed)
    {
        var groups = query.shape[1] / keys.shape[1];
        if (groups > 1)
        {
            keys = keys.repeat_interleave(groups, dim: 1);     // (batch, heads, total, headWidth)
            values = values.repeat_interleave(groups, dim: 1); // (batch, heads, total, headWidth)
        }
        // softmax(q·kᵀ / √headWidth + mask) · v
        var attended = functional.scaled_dot_product_attention(query, keys, values, allowed); // (batch, heads, new, headWidth)
        var (batch, count) = (query.shape[0], query.shape[2]);
        return attended.transpose(1, 2).reshape(batch, count, -1);
    }
}
