using TorchSharp;
using TorchSharp.Modules;
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
/// There is no dropout, so a seeded run is deterministic. A causal model can also run incrementally with a
/// <see cref="KeyValueCache"/>, reading only the new tokens each step.
/// </summary>
public sealed class Transformer : Module<Tensor, Tensor>
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
        blocks = new ModuleList<Block>([.. Enumerable.Range(0, shape.Depth).Select(_ => new Block(shape.Width, shape.Heads, shape.Causal))]);
        finalNorm = LayerNorm(shape.Width);
        head = Linear(shape.Width, shape.VocabularySize, hasBias: false);
        RegisterComponents();
        Initialise(initialisation);
    }

    /// <param name="tokens">(batch, time) token ids, time ≤ ContextLength</param>
    /// <returns>(batch, time, vocabulary) logits at each position (see the class summary)</returns>
    public override Tensor forward(Tensor tokens) => Forward(tokens, null);

    /// <summary>
    /// Reads <paramref name="tokens"/> as the continuation of what <paramref name="cache"/> holds: the whole
    /// prompt while the cache is empty, then one token at a time. Each layer's keys and values are appended to
    /// the cache, so earlier tokens are never recomputed. The logits equal those of <see cref="forward"/> on
    /// the whole sequence up to floating-point rounding.
    /// </summary>
    /// <param name="tokens">(batch, new) token ids: any number while the cache is empty, else exactly one</param>
    /// <returns>(batch, new, vocabulary) next-token logits at the new positions</returns>
    public Tensor Forward(Tensor tokens, KeyValueCache? cache)
    {
        if (cache is not null && !Shape.Causal) throw new InvalidOperationException("Only a causal model can be run with a key-value cache.");
        var start = cache?.Length ?? 0;
        var time = tokens.shape[1];
        if (start + time > Shape.ContextLength)
            throw new ArgumentException($"A sequence of {start + time} tokens exceeds the context of {Shape.ContextLength}.", nameof(tokens));
        if (start > 0 && time != 1) throw new ArgumentException("After the prompt, a cached model reads one token at a time.", nameof(tokens));
        var positions = arange(start, start + time, device: tokens.device);     // (time)
        var x = tokenEmbedding.call(tokens) + positionEmbedding.call(positions); // (batch, time, width)
        for (var layer = 0; layer < blocks.Count; layer++)
            x = blocks[layer].Forward(x, cache?.Layers[layer]);                // (batch, time, width)
        if (cache is not null) cache.Length = start + (int)time;
        return head.call(finalNorm.call(x));                                  // (batch, time, vocabulary)
    }

    /// <summary>An empty cache for incremental decoding with this model.</summary>
    public KeyValueCache NewCache() => new(Shape.Depth);

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
    private sealed class Block : Module<Tensor, Tensor>
    {
        private readonly LayerNorm attentionNorm;
        private readonly SelfAttention attention;
        private readonly LayerNorm mlpNorm;
        private readonly Linear mlpExpand;
        private readonly GELU mlpActivation;
        private readonly Linear mlpProjection;

        public Block(int width, int heads, bool causal) : base(nameof(Block))
        {
            attentionNorm = LayerNorm(width);
            attention = new SelfAttention(width, heads, causal);
            mlpNorm = LayerNorm(width);
            mlpExpand = Linear(width, 4 * width);
            mlpActivation = GELU();
            mlpProjection = Linear(4 * width, width);
            RegisterComponents();
        }

        /// <summary>The layers whose output is added to the residual stream.</summary>
        public IEnumerable<Linear> ResidualProjections => [attention.OutputProjection, mlpProjection];

        /// <param name="x">(batch, time, width)</param>
        public override Tensor forward(Tensor x) => Forward(x, null);

        public Tensor Forward(Tensor x, KeyValueCache.Layer? cache)
        {
            x = x + attention.Forward(attentionNorm.call(x), cache);
            var hidden = mlpActivation.call(mlpExpand.call(mlpNorm.call(x))); // (batch, time, 4·width)
            return x + mlpProjection.call(hidden);                            // (batch, time, width)
        }
    }

    /// <summary>Multi-head self-attention; when causal, each position sees only itself and earlier positions.</summary>
    private sealed class SelfAttention : Module<Tensor, Tensor>
    {
        private readonly Linear queryKeyValue;
        private readonly Linear outputProjection;
        private readonly int heads;
        private readonly bool causal;

        public Linear OutputProjection => outputProjection;

        public SelfAttention(int width, int heads, bool causal) : base(nameof(SelfAttention))
        {
            this.heads = heads;
            this.causal = causal;
            queryKeyValue = Linear(width, 3 * width);
            outputProjection = Linear(width, width);
            RegisterComponents();
        }

        /// <param name="x">(batch, time, width)</param>
        public override Tensor forward(Tensor x) => Forward(x, null);

        /// <param name="x">(batch, time, width): the new positions</param>
        /// <param name="cache">this layer's keys and values of earlier positions, extended by the new ones</param>
        public Tensor Forward(Tensor x, KeyValueCache.Layer? cache)
        {
            var (batch, time, width) = (x.shape[0], x.shape[1], x.shape[2]);
            var headWidth = width / heads;
            var qkv = queryKeyValue.call(x).split(width, dim: 2);                         // 3 × (batch, time, width)
            var query = qkv[0].view(batch, time, heads, headWidth).transpose(1, 2);       // (batch, heads, time, headWidth)
            var key = qkv[1].view(batch, time, heads, headWidth).transpose(1, 2);         // (batch, heads, time, headWidth)
            var value = qkv[2].view(batch, time, heads, headWidth).transpose(1, 2);       // (batch, heads, time, headWidth)
            var seesEarlier = cache?.Keys is not null;
            if (cache is not null) (key, value) = cache.Append(key, value);             // (batch, heads, earlier + time, headWidth)
            // softmax(q·kᵀ / √headWidth) · v, with future positions masked out when causal; TorchSharp spells
            // the flag "is_casual". One new query after cached positions may see them all: no mask needed.
            var attended = functional.scaled_dot_product_attention(query, key, value, is_casual: causal && !seesEarlier); // (batch, heads, time, headWidth)
            var merged = attended.transpose(1, 2).contiguous().view(batch, time, width);  // (batch, time, width)
            return outputProjection.call(merged);
        }
    }
}
