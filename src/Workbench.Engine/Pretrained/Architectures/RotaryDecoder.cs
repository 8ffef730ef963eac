using TorchSharp;
using TorchSharp.Modules;
using Workbench.Engine.Generation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Engine.Pretrained.Architectures;

/// <summary>
/// The Llama family of decoders — Llama-2/3 (and DeepSeek-R1-Distill-Llama), Mistral, Qwen2/2.5, Qwen3, OLMo-2 and
/// Gemma — as their <c>modeling_*.py</c> compute them: token embedding, blocks of RoPE self-attention with grouped
/// key/value heads and a gated MLP, a final RMSNorm and the output head (tied to the embedding when the config says
/// so). The families differ only in a few places, each switched on by the config:
/// <list type="bullet">
/// <item>Qwen2: biases on q, k and v (<see cref="ArchitectureConfig.QueryKeyBias"/>).</item>
/// <item>Qwen3: RMSNorm of every query and key head (over the head width) before RoPE.</item>
/// <item>OLMo-2: RMSNorm of the whole query and key projections, and the block norms applied to each sublayer's
/// output before it is added (<c>post_attention_layernorm</c>, <c>post_feedforward_layernorm</c>), not to its input.</item>
/// <item>Gemma: embeddings scaled by √hidden, GeGLU (tanh GELU), and RMSNorms that scale by (1 + weight).</item>
/// </list>
/// </summary>
internal sealed class RotaryDecoder : PretrainedModel
{
    private readonly Body model;
    private readonly Projection? head;
    private readonly RotaryEmbedding rotary;

    public RotaryDecoder(ArchitectureConfig config, LoadTarget target) : base(nameof(RotaryDecoder), config, target)
    {
        model = new Body(config, target);
        register_module("model", model);
        if (!config.TieWordEmbeddings)
        {
            head = new Projection(target, config.Hidden, config.VocabularySize, hasBias: false);
            register_module("lm_head", head);
        }
        rotary = new RotaryEmbedding(config.Rotary!, config.HeadWidth, target.Device);
    }

    private protected override Tensor Decode(Tensor tokens, Tensor positions, Tensor allowed, KeyValueCache? cache, int kept)
    {
        var x = model.Embed(tokens);                                   // (batch, new, hidden)
        var (cos, sin) = rotary.At(positions, ComputeType);            // (batch, 1, new, headWidth)
        for (var layer = 0; layer < model.Layers.Count; layer++)
        {
            var (block, input) = (model.Layers[layer], x);
            x = Step(() => block.Forward(input, cos, sin, allowed, cache, layer));
        }
        var final = model.FinalNorm(LastPositions(x, kept));                        // (batch, kept, hidden)
        return head is null ? functional.linear(final, model.TokenEmbedding) : head.call(final); // (batch, kept, vocabulary)
    }

    private sealed class Body : Module
    {
        private readonly EmbeddingTable embed_tokens;
        private readonly RmsNorm norm;
        private readonly double embeddingScale;

        public Body(ArchitectureConfig config, LoadTarget target) : base(nameof(Body))
        {
            var gemma = config.Family == ArchitectureFamily.Gemma;
            embed_tokens = new EmbeddingTable(target, config.VocabularySize, config.Hidden);
            Layers = new ModuleList<DecoderLayer>([.. Enumerable.Range(0, config.Layers).Select(_ => new DecoderLayer(config, target))]);
            norm = new RmsNorm(target, config.Hidden, config.NormEpsilon, offsetByOne: gemma);
            embeddingScale = gemma ? Math.Sqrt(config.Hidden) : 1;
            register_module("embed_tokens", embed_tokens);
            register_module("layers", Layers);
            register_module("norm", norm);
        }

        public ModuleList<DecoderLayer> Layers { get; }

        public Tensor TokenEmbedding => embed_tokens.Weight;

        /// <summary>Gemma multiplies by √hidden rounded to the compute dtype, as its modelling code does.</summary>
        public Tensor Embed(Tensor tokens)
        {
            var x = embed_tokens.Lookup(tokens);
            if (embeddingScale == 1) return x;
            using var scale = tensor(embeddingScale, x.dtype, x.device);
            return x * scale;
        }

        public Tensor FinalNorm(Tensor x) => norm.call(x);
    }

    private sealed class DecoderLayer : Module
    {
        private readonly SelfAttention self_attn;
        private readonly GatedMlp mlp;
        private readonly RmsNorm? input_layernorm;
        private readonly RmsNorm post_attention_layernorm;
        private readonly RmsNorm? post_feedforward_layernorm;

        public DecoderLayer(ArchitectureConfig config, LoadTarget target) : base(nameof(DecoderLayer))
        {
            var gemma = config.Family == ArchitectureFamily.Gemma;
            self_attn = new SelfAttention(config, target);
            mlp = new GatedMlp(config, target);
            register_module("self_attn", self_attn);
            register_module("mlp", mlp);
            post_attention_layernorm = new RmsNorm(target, config.Hidden, config.NormEpsilon, gemma);
            if (config.Family == ArchitectureFamily.Olmo2)
            {
                post_feedforward_layernorm = new RmsNorm(target, config.Hidden, config.NormEpsilon);
                register_module("post_attention_layernorm", post_attention_layernorm);
                register_module("post_feedforward_layernorm", post_feedforward_layernorm);
            }
            else
            {
                input_layernorm = new RmsNorm(target, config.Hidden, config.NormEpsilon, gemma);
                register_module("input_layernorm", input_layernorm);
                register_module("post_attention_layernorm", post_attention_layernorm);
            }
        }

        /// <param name="x">(batch, new, hidden)</param>
        public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor allowed, KeyValueCache? cache, int layer)
        {
            if (post_feedforward_layernorm is not null) // OLMo-2: normalise each sublayer's output
            {
                x = x + post_attention_layernorm.call(self_attn.Forward(x, cos, sin, allowed, cache, layer));
                return x + post_feedforward_layernorm.call(mlp.call(x));
            }
            x = x + self_attn.Forward(input_layernorm!.call(x), cos, sin, allowed, cache, layer);
            return x + mlp.call(post_attention_layernorm.call(x));
        }
    }

    private sealed class SelfAttention : Module
    {
        private readonly Projection q_proj;
        private readonly Projection k_proj;
        private readonly Projection v_proj;
        private readonly Projection o_proj;
        private readonly RmsNorm? q_norm;
        private readonly RmsNorm? k_norm;
        private readonly bool normPerHead;
        private readonly int heads;
        private readonly int keyValueHeads;
        private readonly int headWidth;

        public SelfAttention(ArchitectureConfig config, LoadTarget target) : base(nameof(SelfAttention))
        {
            (heads, keyValueHeads, headWidth) = (config.Heads, config.KeyValueHeads, config.HeadWidth);
            q_proj = new Projection(target, config.Hidden, heads * headWidth, config.QueryKeyBias);
            k_proj = new Projection(target, config.Hidden, keyValueHeads * headWidth, config.QueryKeyBias);
            v_proj = new Projection(target, config.Hidden, keyValueHeads * headWidth, config.QueryKeyBias);
            o_proj = new Projection(target, heads * headWidth, config.Hidden, config.OutputBias);
            register_module("q_proj", q_proj);
            register_module("k_proj", k_proj);
            register_module("v_proj", v_proj);
            register_module("o_proj", o_proj);
            normPerHead = config.Family == ArchitectureFamily.Qwen3;
            if (normPerHead || config.Family == ArchitectureFamily.Olmo2)
            {
                q_norm = new RmsNorm(target, normPerHead ? headWidth : heads * headWidth, config.NormEpsilon);
                k_norm = new RmsNorm(target, normPerHead ? headWidth : keyValueHeads * headWidth, config.NormEpsilon);
                register_module("q_norm", q_norm);
                register_module("k_norm", k_norm);
            }
        }

        /// <param name="x">(batch, new, hidden)</param>
        /// <returns>(batch, new, hidden)</returns>
        public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor allowed, KeyValueCache? cache, int layer)
        {
            var (batch, count) = (x.shape[0], x.shape[1]);
            var (query, keys, values) = (q_proj.call(x), k_proj.call(x), v_proj.call(x)); // (batch, new, heads · headWidth) and (batch, new, kvHeads · headWidth)
            if (q_norm is not null && !normPerHead) (query, keys) = (q_norm.call(query), k_norm!.call(keys));
            query = query.view(batch, count, heads, headWidth);                             // (batch, new, heads, headWidth)
            keys = keys.view(batch, count, keyValueHeads, headWidth);                       // (batch, new, kvHeads, headWidth)
            if (q_norm is not null && normPerHead) (query, keys) = (q_norm.call(query), k_norm!.call(keys));
            query = RotaryEmbedding.Rotate(query.transpose(1, 2), cos, sin);                // (batch, heads, new, headWidth)
            keys = RotaryEmbedding.Rotate(keys.transpose(1, 2), cos, sin);                  // (batch, kvHeads, new, headWidth)
            values = values.view(batch, count, keyValueHeads, headWidth).transpose(1, 2);   // (batch, kvHeads, new, headWidth)
            if (cache is not null) (keys, values) = cache.Layers[layer].Append(keys, values);      // (batch, kvHeads, cached + new, headWidth)
            return o_proj.call(Attention.Attend(query, keys, values, allowed));
        }
    }

    /// <summary>down(act(gate(x)) · up(x)): SwiGLU, or GeGLU for Gemma.</summary>
    private sealed class GatedMlp : Module<Tensor, Tensor>
    {
        private readonly Projection gate_proj;
        private readonly Projection up_proj;
        private readonly Projection down_proj;
        private readonly Activation activation;

        public GatedMlp(ArchitectureConfig config, LoadTarget target) : base(nameof(GatedMlp))
        {
            gate_proj = new Projection(target, config.Hidden, config.Intermediate, config.MlpBias);
            up_proj = new Projection(target, config.Hidden, config.Intermediate, config.MlpBias);
            down_proj = new Projection(target, config.Intermediate, config.Hidden, config.MlpBias);
            activation = config.Activation;
            register_module("gate_proj", gate_proj);
            register_module("up_proj", up_proj);
            register_module("down_proj", down_proj);
        }

        /// <param name="x">(batch, new, hidden)</param>
        public override Tensor forward(Tensor x)
        {
            var gate = gate_proj.call(x); // (batch, new, intermediate)
            var activated = activation switch
            {
                Activation.Silu => functional.silu(gate),
                Activation.GeluTanh => functional.gelu(gate, TorchSharp.Modules.GELU.Approximate.tanh),
                _ => functional.gelu(gate),
            };
            return down_proj.call(activated * up_proj.call(x));
        }
    }
}
