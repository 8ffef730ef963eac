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
public sealed record TransformerShape(int VocabularySize, int ContextLength, int Width, int Depth, int Heads);

/// <summary>
/// A small decoder-only transformer after nanoGPT: token and position embeddings, <c>Depth</c> blocks of
/// (LayerNorm → causal multi-head self-attention) and (LayerNorm → MLP), each added to the residual
/// stream, then a final LayerNorm and a linear head giving next-token logits at every position.
/// There is no dropout, so a seeded run is deterministic.
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
        blocks = new ModuleList<Block>([.. Enumerable.Range(0, shape.Depth).Select(_ => new Block(shape.Width, shape.Heads))]);
        finalNorm = LayerNorm(shape.Width);
        head = Linear(shape.Width, shape.VocabularySize, hasBias: false);
        RegisterComponents();
        Initialise(initialisation);
    }

    /// <param name="tokens">(batch, time) token ids, time ≤ ContextLength</param>
    /// <returns>(batch, time, vocabulary) logits of the token that follows each position</returns>
    public override Tensor forward(Tensor tokens)
    {
        var time = tokens.shape[1];
        if (time > Shape.ContextLength)
            throw new ArgumentException($"A sequence of {time} tokens exceeds the context of {Shape.ContextLength}.", nameof(tokens));
        var positions = arange(time, device: tokens.device);                   // (time)
        var x = tokenEmbedding.call(tokens) + positionEmbedding.call(positions); // (batch, time, width)
        foreach (var block in blocks) x = block.call(x);                       // (batch, time, width)
        return head.call(finalNorm.call(x));                                  // (batch, time, vocabulary)
    }

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
        private readonly CausalSelfAttention attention;
        private readonly LayerNorm mlpNorm;
        private readonly Linear mlpExpand;
        private readonly GELU mlpActivation;
        private readonly Linear mlpProjection;

        public Block(int width, int heads) : base(nameof(Block))
        {
            attentionNorm = LayerNorm(width);
            attention = new CausalSelfAttention(width, heads);
            mlpNorm = LayerNorm(width);
            mlpExpand = Linear(width, 4 * width);
            mlpActivation = GELU();
            mlpProjection = Linear(4 * width, width);
            RegisterComponents();
        }

        /// <summary>The layers whose output is added to the residual stream.</summary>
        public IEnumerable<Linear> ResidualProjections => [attention.OutputProjection, mlpProjection];

        /// <param name="x">(batch, time, width)</param>
        public override Tensor forward(Tensor x)
        {
            x = x + attention.call(attentionNorm.call(x));
            var hidden = mlpActivation.call(mlpExpand.call(mlpNorm.call(x))); // (batch, time, 4·width)
            return x + mlpProjection.call(hidden);                            // (batch, time, width)
        }
    }

    /// <summary>Multi-head self-attention where each position sees only itself and earlier positions.</summary>
    private sealed class CausalSelfAttention : Module<Tensor, Tensor>
    {
        private readonly Linear queryKeyValue;
        private readonly Linear outputProjection;
        private readonly int heads;

        public Linear OutputProjection => outputProjection;

        public CausalSelfAttention(int width, int heads) : base(nameof(CausalSelfAttention))
        {
            this.heads = heads;
            queryKeyValue = Linear(width, 3 * width);
            outputProjection = Linear(width, width);
            RegisterComponents();
        }

        /// <param name="x">(batch, time, width)</param>
        public override Tensor forward(Tensor x)
        {
            var (batch, time, width) = (x.shape[0], x.shape[1], x.shape[2]);
            var headWidth = width / heads;
            var qkv = queryKeyValue.call(x).split(width, dim: 2);                         // 3 × (batch, time, width)
            var query = qkv[0].view(batch, time, heads, headWidth).transpose(1, 2);       // (batch, heads, time, headWidth)
            var key = qkv[1].view(batch, time, heads, headWidth).transpose(1, 2);         // (batch, heads, time, headWidth)
            var value = qkv[2].view(batch, time, heads, headWidth).transpose(1, 2);       // (batch, heads, time, headWidth)
            // softmax(q·kᵀ / √headWidth) · v with future positions masked out; TorchSharp spells the flag "is_casual".
            var attended = functional.scaled_dot_product_attention(query, key, value, is_casual: true); // (batch, heads, time, headWidth)
            var merged = attended.transpose(1, 2).contiguous().view(batch, time, width);  // (batch, time, width)
            return outputProjection.call(merged);
        }
    }
}
