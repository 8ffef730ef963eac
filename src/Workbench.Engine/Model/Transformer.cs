using TorchSharp;
using TorchSharp.Modules;
using Workbench.Engine.Generation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Engine.Model;

/// <summary>The size of a <see cref="Transformer"/>.</summary>
/// <param name="VocabularySize">tokens the model reads and writes</param>
/// <param name="ContextLength">the longest sequence it reads (prompt and answer)</param>
/// <param name="Width">channels of every token's representation; divisible by <paramref name="Heads"/></param>
/// <param name="Depth">transformer blocks</param>
/// <param name="Heads">attention heads per block</param>
/// <param name="Causal">true: each position attends to itself and earlier positions (next-token and
/// teacherless training); false: every position attends to every position (diffusion, which must see the
/// whole answer). The weights are the same either way, so parameter counts are comparable.</param>
public sealed record TransformerShape(int VocabularySize, int ContextLength, int Width, int Depth, int Heads, bool Causal = true);

/// <summary>
/// A small decoder-only transformer after nanoGPT: token and position embeddings, <c>Depth</c> blocks of
/// (LayerNorm → multi-head self-attention, causal or bidirectional) and (LayerNorm → MLP), each added to the residual
/// stream, then a final LayerNorm and a linear head giving logits at every position: of the next token
/// when <see cref="TransformerShape.Causal"/>, of the position's own token otherwise (diffusion).
/// There is no dropout, so a seeded run is deterministic. A causal model is also an <see cref="ICausalLanguageModel"/>:
/// it runs incrementally with a <see cref="KeyValueCache"/> (one key/value head per query head), reading only the new
/// tokens each step, with positions and padding given per row.
/// </summary>
public sealed class Transformer : TrainableLanguageModel
{
    private readonly Embedding tokenEmbedding;
    private readonly Embedding positionEmbedding;
    private readonly ModuleList<Block> blocks;
    private readonly LayerNorm finalNorm;
    private readonly Linear head;

    public TransformerShape Shape { get; }

    /// <param name="initialisation">draws every initial weight, so that runs in one process do not share
    /// torch's global random state (a worker may train several models at once)</param>
    public Transformer(TransformerShape shape, Generator initialisation) : base(nameof(Transformer))
    {
        if (shape.Width % shape.Heads != 0)
            throw new ArgumentException($"Width {shape.Width} is not divisible by {shape.Heads} heads.", nameof(shape));
        Shape = shape;
        tokenEmbedding = Embedding(shape.VocabularySize, shape.Width);
        positionEmbedding = Embedding(shape.ContextLength, shape.Width);
        blocks = new ModuleList<Block>([.. Enumerable.Range(0, shape.Depth).Select(_ => new Block(shape.Width, shape.Heads))]);
        finalNorm = LayerNorm(shape.Width);
        head = Linear(shape.Width, shape.VocabularySize, hasBias: false);
        RegisterComponents();
        Initialise(initialisation);
    }

    public override int VocabularySize => Shape.VocabularySize;

    public override int ContextLength => Shape.ContextLength;

    public override Device Device => head.weight!.device;

    /// <param name="tokens">(batch, time) token ids, time ≤ ContextLength</param>
    /// <returns>(batch, time, vocabulary) logits at each position (see the class summary)</returns>
    public override Tensor forward(Tensor tokens)
    {
        var time = tokens.shape[1];
        if (time > Shape.ContextLength)
            throw new ArgumentException($"A sequence of {time} tokens exceeds the context of {Shape.ContextLength}.", nameof(tokens));
        using var positions = arange(time, device: tokens.device);                  // (time)
        var x = tokenEmbedding.call(tokens) + positionEmbedding.call(positions);    // (batch, time, width)
        var attention = new Attention(null, Shape.Causal);
        foreach (var block in blocks) x = block.Forward(x, attention, null);         // (batch, time, width)
        return head.call(finalNorm.call(x));                                        // (batch, time, vocabulary)
    }

    /// <summary>
    /// The incremental forward pass of <see cref="ICausalLanguageModel"/>: equal to <see cref="forward"/> on each row's
    /// unpadded sequence up to floating-point rounding.
    /// </summary>
    public override Tensor Forward(Tensor tokens, Tensor positions, Tensor? attentionMask, KeyValueCache cache, int logitsToKeep)
    {
        if (!Shape.Causal) throw new InvalidOperationException("Only a causal model can be run with a key-value cache.");
        var (cached, time) = (cache.Length, tokens.shape[1]);
        var x = tokenEmbedding.call(tokens) + positionEmbedding.call(positions);    // (batch, time, width)
        var attention = Attend(attentionMask, cached, time, tokens.device);
        for (var layer = 0; layer < blocks.Count; layer++)
        {
            // Inference only: a layer's intermediates are freed as soon as it is done, not when the whole pass is.
            using var layerScope = NewDisposeScope();
            var output = blocks[layer].Forward(x, attention, cache.Layers[layer]).MoveToOuterDisposeScope(); // (batch, time, width)
            x.Dispose();
            x = output;
        }
        if (logitsToKeep > 0 && logitsToKeep < time) x = x.narrow(1, time - logitsToKeep, logitsToKeep); // (batch, kept, width)
        return head.call(finalNorm.call(x));                                        // (batch, kept, vocabulary)
    }

    /// <summary>An empty cache for <paramref name="batch"/> rows of <paramref name="capacity"/> slots, in the weights' dtype.</summary>
    public override KeyValueCache NewCache(int batch, int capacity) =>
        new(batch, capacity, [.. Enumerable.Repeat(new KeyValueShape(Shape.Heads, Shape.Width / Shape.Heads), Shape.Depth)], head.weight!.dtype, Device);

    /// <summary>
    /// Which earlier slots each new token attends to. Without padding the plain causal flag (nothing cached yet) or no
    /// mask at all (one new token, which sees every slot) is exact and fastest; otherwise an explicit mask: new token i
    /// in slot cached + i sees slot j iff j ≤ cached + i and j is a real token, and a padding slot sees itself, so that
    /// it stays finite (<see cref="ICausalLanguageModel"/>).
    /// </summary>
    private static Attention Attend(Tensor? slotIsToken, long cached, long time, Device device)
    {
        if (slotIsToken is null && cached == 0) return new Attention(null, Causal: true);
        if (slotIsToken is null && time == 1) return new Attention(null, Causal: false);
        var total = cached + time;
        var slot = arange(total, device: device).view(1, 1, 1, total);              // (1, 1, 1, total) key slots
        var query = arange(cached, total, device: device).view(1, 1, time, 1);      // (1, 1, time, 1) the new tokens' slots
        var allowed = slot.le(query);                                               // (1, 1, time, total) causal
        if (slotIsToken is not null)
            allowed = allowed.logical_and(slotIsToken.view(-1, 1, 1, total)).logical_or(slot.eq(query)); // (batch, 1, time, total)
        return new Attention(allowed, Causal: false);
    }

    /// <summary>How a forward pass attends: an explicit mask (true = may attend), or the causal flag, or neither (every slot).</summary>
    private sealed record Attention(Tensor? Mask, bool Causal);

    /// <summary>
    /// GPT-2's initialisation: weights ~ N(0, 0.02), biases zero, LayerNorms the identity (their default);
    /// the layers that write into the residual stream are scaled down by √(2·depth) so that its variance
    /// does not grow with depth.
    /// </summary>
    private void Initialise(Generator generator)
    {
        const double std = 0.02;
        var residualStd = std / Math.Sqrt(2 * Shape.Depth);
        var residualProjections = blocks.SelectMany(block => block.ResidualProjections).ToHashSet();
        using var noGrad = no_grad();
        // Tensor.normal_ rather than nn.init.normal_: in TorchSharp 0.107 the latter ignores its generator.
        foreach (var module in modules())
        {
            switch (module)
            {
                case Linear linear:
                    linear.weight!.normal_(0, residualProjections.Contains(linear) ? residualStd : std, generator);
                    linear.bias?.zero_();
                    break;
                case Embedding embedding:
                    embedding.weight!.normal_(0, std, generator);
                    break;
            }
        }
    }

    /// <summary>One pre-norm transformer block: communicate across positions, then compute per position.</summary>
    private sealed class Block : Module
    {
        private readonly LayerNorm attentionNorm;
        private readonly SelfAttention attention;
        private readonly LayerNorm mlpNorm;
        private readonly Linear mlpExpand;
        private readonly GELU mlpActivation;
        private readonly Linear mlpProjection;

        public Block(int width, int heads) : base(nameof(Block))
        {
            attentionNorm = LayerNorm(width);
            attention = new SelfAttention(width, heads);
            mlpNorm = LayerNorm(width);
            mlpExpand = Linear(width, 4 * width);
            mlpActivation = GELU();
            mlpProjection = Linear(4 * width, width);
            RegisterComponents();
        }

        /// <summary>The layers whose output is added to the residual stream.</summary>
        public IEnumerable<Linear> ResidualProjections => [attention.OutputProjection, mlpProjection];

        public Tensor Forward(Tensor x, Attention attend, KeyValueCache.Layer? cache)
        {
            x = x + attention.Forward(attentionNorm.call(x), attend, cache);
            var hidden = mlpActivation.call(mlpExpand.call(mlpNorm.call(x))); // (batch, time, 4·width)
            return x + mlpProjection.call(hidden);                            // (batch, time, width)
        }
    }

    /// <summary>Multi-head self-attention over the slots the <see cref="Attention"/> allows.</summary>
    private sealed class SelfAttention : Module
    {
        private readonly Linear queryKeyValue;
        private readonly Linear outputProjection;
        private readonly int heads;

        public Linear OutputProjection => outputProjection;

        public SelfAttention(int width, int heads) : base(nameof(SelfAttention))
        {
            this.heads = heads;
            queryKeyValue = Linear(width, 3 * width);
            outputProjection = Linear(width, width);
            RegisterComponents();
        }

        /// <param name="x">(batch, time, width): the new positions</param>
        /// <param name="attend">which slots each new position sees</param>
        /// <param name="cache">this layer's keys and values of earlier slots, extended by the new ones; null: no earlier slots</param>
        public Tensor Forward(Tensor x, Attention attend, KeyValueCache.Layer? cache)
        {
            var (batch, time, width) = (x.shape[0], x.shape[1], x.shape[2]);
            var headWidth = width / heads;
            var qkv = queryKeyValue.call(x).split(width, dim: 2);                         // 3 × (batch, time, width)
            var query = qkv[0].view(batch, time, heads, headWidth).transpose(1, 2);       // (batch, heads, time, headWidth)
            var key = qkv[1].view(batch, time, heads, headWidth).transpose(1, 2);         // (batch, heads, time, headWidth)
            var value = qkv[2].view(batch, time, heads, headWidth).transpose(1, 2);       // (batch, heads, time, headWidth)
            if (cache is not null) (key, value) = cache.Append(key, value);             // (batch, heads, earlier + time, headWidth)
            // softmax(q·kᵀ / √headWidth + mask) · v; TorchSharp spells the causal flag "is_casual".
            var attended = functional.scaled_dot_product_attention(query, key, value, attend.Mask, is_casual: attend.Causal); // (batch, heads, time, headWidth)
            var merged = attended.transpose(1, 2).contiguous().view(batch, time, width);  // (batch, time, width)
            return outputProjection.call(merged);
        }
    }
}
