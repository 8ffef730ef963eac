using TorchSharp;
using TorchSharp.Modules;
using Workbench.Engine.Generation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Engine.Pretrained.Architectures;

/// <summary>
/// GPT-2 as <c>modeling_gpt2.py</c> computes it: token and learned position embeddings, blocks of (LayerNorm →
/// multi-head causal attention) and (LayerNorm → MLP with gelu_new), each added to the residual stream, a final
/// LayerNorm and the output head tied to the token embedding. Its linear layers are <c>Conv1D</c>: weights stored
/// (in, out), applied as x · W + b.
/// </summary>
internal sealed class Gpt2 : PretrainedModel
{
    private readonly Body transformer;
    private readonly Projection? head;

    public Gpt2(ArchitectureConfig config, LoadTarget target) : base(nameof(Gpt2), config, target)
    {
        transformer = new Body(config, target);
        register_module("transformer", transformer);
        if (!config.TieWordEmbeddings)
        {
            head = new Projection(target, config.Hidden, config.VocabularySize, hasBias: false);
            register_module("lm_head", head);
        }
    }

    private protected override Tensor Decode(Tensor tokens, Tensor positions, Tensor allowed, KeyValueCache? cache, int kept)
    {
        var x = transformer.Embed(tokens, positions);                                  // (batch, new, hidden)
        for (var layer = 0; layer < transformer.Blocks.Count; layer++)
        {
            var (block, input) = (transformer.Blocks[layer], x);
            x = Step(() => block.Forward(input, allowed, cache, layer));
        }
        var final = transformer.FinalNorm(LastPositions(x, kept));                  // (batch, kept, hidden)
        return head is null ? functional.linear(final, transformer.TokenEmbedding) : head.call(final); // (batch, kept, vocabulary)
    }

    private sealed class Body : Module
    {
        private readonly EmbeddingTable wte;
        private readonly EmbeddingTable wpe;
        private readonly LayerNormWeights ln_f;

        public Body(ArchitectureConfig config, LoadTarget target) : base(nameof(Body))
        {
            wte = new EmbeddingTable(target, config.VocabularySize, config.Hidden);
            wpe = new EmbeddingTable(target, config.ContextLength, config.Hidden);
            Blocks = new ModuleList<Block>([.. Enumerable.Range(0, config.Layers).Select(_ => new Block(config, target))]);
            ln_f = new LayerNormWeights(target, config.Hidden, config.NormEpsilon);
            register_module("wte", wte);
            register_module("wpe", wpe);
            register_module("h", Blocks);
            register_module("ln_f", ln_f);
        }

        public ModuleList<Block> Blocks { get; }

        public Tensor TokenEmbedding => wte.Weight;

        public Tensor Embed(Tensor tokens, Tensor positions) =>
            wte.Lookup(tokens) + wpe.Lookup(positions);

        public Tensor FinalNorm(Tensor x) => ln_f.call(x);
    }

    private sealed class Block : Module
    {
        private readonly LayerNormWeights ln_1;
        private readonly SelfAttention attn;
        private readonly LayerNormWeights ln_2;
        private readonly Mlp mlp;

        public Block(ArchitectureConfig config, LoadTarget target) : base(nameof(Block))
        {
            ln_1 = new LayerNormWeights(target, config.Hidden, config.NormEpsilon);
            attn = new SelfAttention(config, target);
            ln_2 = new LayerNormWeights(target, config.Hidden, config.NormEpsilon);
            mlp = new Mlp(config, target);
            register_module("ln_1", ln_1);
            register_module("attn", attn);
            register_module("ln_2", ln_2);
            register_module("mlp", mlp);
        }

        /// <param name="x">(batch, new, hidden)</param>
        public Tensor Forward(Tensor x, Tensor allowed, KeyValueCache? cache, int layer)
        {
            x = x + attn.Forward(ln_1.call(x), allowed, cache, layer);
            return x + mlp.call(ln_2.call(x));
        }
    }

    private sealed class SelfAttention : Module
    {
        private readonly Conv1D c_attn;
        private readonly Conv1D c_proj;
        private readonly int heads;

        public SelfAttention(ArchitectureConfig config, LoadTarget target) : base(nameof(SelfAttention))
        {
            heads = config.Heads;
            c_attn = new Conv1D(target, config.Hidden, 3L * config.Hidden);
            c_proj = new Conv1D(target, config.Hidden, config.Hidden);
            register_module("c_attn", c_attn);
            register_module("c_proj", c_proj);
        }

        public Tensor Forward(Tensor x, Tensor allowed, KeyValueCache? cache, int layer)
        {
            var (batch, count, hidden) = (x.shape[0], x.shape[1], x.shape[2]);
            var qkv = c_attn.call(x).split(hidden, dim: 2);                                        // 3 × (batch, new, hidden)
            Tensor Heads(Tensor part) => part.view(batch, count, heads, hidden / heads).transpose(1, 2); // (batch, heads, new, headWidth)
            var (query, keys, values) = (Heads(qkv[0]), Heads(qkv[1]), Heads(qkv[2]));
            if (cache is not null) (keys, values) = cache.Layers[layer].Append(keys, values);             // (batch, heads, cached + new, headWidth)
            return c_proj.call(Attention.Attend(query, keys, values, allowed));
        }
    }

    private sealed class Mlp : Module<Tensor, Tensor>
    {
        private readonly Conv1D c_fc;
        private readonly Conv1D c_proj;
        private readonly Activation activation;

        public Mlp(ArchitectureConfig config, LoadTarget target) : base(nameof(Mlp))
        {
            c_fc = new Conv1D(target, config.Hidden, config.Intermediate);
            c_proj = new Conv1D(target, config.Intermediate, config.Hidden);
            activation = config.Activation;
            register_module("c_fc", c_fc);
            register_module("c_proj", c_proj);
        }

        public override Tensor forward(Tensor x) =>
            c_proj.call(functional.gelu(c_fc.call(x), activation == Activation.GeluTanh ? TorchSharp.Modules.GELU.Approximate.tanh : TorchSharp.Modules.GELU.Approximate.none));
    }

    /// <summary>GPT-2's Conv1D: weight (in, out), so y = x · W + b.</summary>
    private sealed class Conv1D : Module<Tensor, Tensor>
    {
        private readonly Parameter weight;
        private readonly Parameter bias;

        public Conv1D(LoadTarget target, long inputs, long outputs) : base(nameof(Conv1D))
        {
            weight = Weights.Empty(target, inputs, outputs);
            bias = Weights.Empty(target, outputs);
            register_parameter("weight", weight);
            register_parameter("bias", bias);
        }

        public override Tensor forward(Tensor x) => x.matmul(weight) + bias;
    }

    private sealed class LayerNormWeights : Module<Tensor, Tensor>
    {
        private readonly Parameter weight;
        private readonly Parameter bias;
        private readonly double epsilon;

        public LayerNormWeights(LoadTarget target, long width, double epsilon) : base(nameof(LayerNormWeights))
        {
            weight = Weights.Empty(target, width);
            bias = Weights.Empty(target, width);
            this.epsilon = epsilon;
            register_parameter("weight", weight);
            register_parameter("bias", bias);
        }

        public override Tensor forward(Tensor x) => functional.layer_norm(x, [x.shape[^1]], weight, bias, epsilon);
    }
}
