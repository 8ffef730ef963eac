using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Workbench.Testing.Pretrained;

/// <summary>A tiny random model written in the exact Hugging Face layout.</summary>
/// <param name="Dtype">how its weights are stored: F32, F16 or BF16</param>
/// <param name="Shards">0: one model.safetensors; n: n shards and an index</param>
public sealed record TinyModel(string Name, JsonObject Config, string Dtype = "F32", int Shards = 0, bool Unprefixed = false);

/// <summary>
/// Tiny random models of every implemented architecture, written as Hugging Face writes them: config.json, the
/// tensor names of each modeling_*.py, GPT-2's Conv1D orientation (weights (in, out)) and its original unprefixed
/// names, F16 and BF16 files, a sharded index, and the byte-level BPE tokenizer of <see cref="TinyTokenizer"/>.
/// </summary>
public static class TinyModels
{
    public const int Vocabulary = 300;

    public static IReadOnlyList<TinyModel> All { get; } =
    [
        new("gpt2", new JsonObject
        {
            ["model_type"] = "gpt2", ["architectures"] = new JsonArray("GPT2LMHeadModel"), ["vocab_size"] = Vocabulary, ["n_positions"] = 64,
            ["n_embd"] = 32, ["n_layer"] = 2, ["n_head"] = 4, ["n_inner"] = null, ["layer_norm_epsilon"] = 1e-5,
            ["activation_function"] = "gelu_new", ["tie_word_embeddings"] = true,
        }, Unprefixed: true),
        new("llama2", Rotary("llama", "LlamaForCausalLM", heads: 4, keyValueHeads: 4, extra: new() { ["rms_norm_eps"] = 1e-5 }), Dtype: "F16"),
        new("llama3", Rotary("llama", "LlamaForCausalLM", heads: 4, keyValueHeads: 2, extra: new()
        {
            ["rope_theta"] = 500000.0,
            ["rope_scaling"] = new JsonObject
            {
                ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 16,
            },
        }), Dtype: "BF16", Shards: 2),
        new("mistral", Rotary("mistral", "MistralForCausalLM", heads: 4, keyValueHeads: 2, extra: new() { ["head_dim"] = 16, ["sliding_window"] = null })),
        new("qwen2", Rotary("qwen2", "Qwen2ForCausalLM", heads: 4, keyValueHeads: 2, extra: new()
        {
            ["rope_theta"] = 1000000.0, ["tie_word_embeddings"] = true, ["use_sliding_window"] = false, ["sliding_window"] = 64, ["max_window_layers"] = 2,
        })),
        new("qwen3", Rotary("qwen3", "Qwen3ForCausalLM", heads: 4, keyValueHeads: 2, extra: new()
        {
            ["head_dim"] = 16, ["tie_word_embeddings"] = true, ["attention_bias"] = false, ["rope_theta"] = 1000000.0,
        })),
        new("olmo2", Rotary("olmo2", "Olmo2ForCausalLM", heads: 4, keyValueHeads: 4, extra: new() { ["rms_norm_eps"] = 1e-6, ["attention_bias"] = false })),
        new("gemma", Rotary("gemma", "GemmaForCausalLM", heads: 4, keyValueHeads: 1, extra: new()
        {
            ["head_dim"] = 16, ["hidden_act"] = "gelu", ["hidden_activation"] = "gelu_pytorch_tanh", ["tie_word_embeddings"] = true,
        }), Dtype: "BF16"),
    ];

    public static TinyModel Named(string name) => All.Single(model => model.Name == name);

    /// <summary>A rotary model with a longer context (its weights do not depend on it): room for a chat template's system prompt.</summary>
    public static TinyModel WithContext(string name, int positions)
    {
        var model = Named(name);
        var config = model.Config.DeepClone().AsObject();
        config["max_position_embeddings"] = positions;
        return model with { Config = config };
    }

    private static JsonObject Rotary(string type, string architecture, int heads, int keyValueHeads, JsonObject extra)
    {
        var config = new JsonObject
        {
            ["model_type"] = type, ["architectures"] = new JsonArray(architecture), ["vocab_size"] = Vocabulary,
            ["hidden_size"] = 32, ["intermediate_size"] = 48, ["num_hidden_layers"] = 2, ["num_attention_heads"] = heads,
            ["num_key_value_heads"] = keyValueHeads, ["max_position_embeddings"] = 64, ["rms_norm_eps"] = 1e-6,
            ["rope_theta"] = 10000.0, ["tie_word_embeddings"] = false, ["hidden_act"] = "silu", ["torch_dtype"] = "float32",
        };
        foreach (var (key, value) in extra) config[key] = value?.DeepClone();
        return config;
    }

    /// <summary>Writes the model (config, weights, tokenizer) into <paramref name="folder"/>.</summary>
    public static string Write(TinyModel model, string folder, ulong seed = 1)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), model.Config.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "generation_config.json"), """{"do_sample": true, "temperature": 0.7}""");
        using var scope = NewDisposeScope();
        var tensors = Tensors(model, new Generator(seed));
        if (model.Shards > 0) SafetensorsWriter.WriteSharded(folder, tensors, model.Dtype, model.Shards);
        else SafetensorsWriter.Write(Path.Combine(folder, "model.safetensors"), tensors, model.Dtype);
        TinyTokenizer.Write(folder, model.Name);
        return folder;
    }

    /// <summary>A model folder the engine refuses by its config (quantized weights), as a broken entry of a models folder.</summary>
    public static string WriteRefused(string folder)
    {
        Write(Named("llama2"), folder);
        var config = Named("llama2").Config.DeepClone().AsObject();
        config["quantization_config"] = new JsonObject { ["quant_method"] = "gptq", ["bits"] = 4 };
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        return folder;
    }

    /// <summary>The tensors of <paramref name="model"/> under the names its modeling_*.py gives them.</summary>
    public static List<(string Name, Tensor Value)> Tensors(TinyModel model, Generator generator)
    {
        var config = model.Config;
        var tensors = new List<(string, Tensor)>();
        Tensor Random(double std, params long[] shape) => normal(0, std, shape, generator: generator);
        void Add(string name, Tensor value) => tensors.Add((name, value));
        if (config["model_type"]!.GetValue<string>() == "gpt2")
        {
            int width = config["n_embd"]!.GetValue<int>(), positions = config["n_positions"]!.GetValue<int>();
            Add("wte.weight", Random(1, Vocabulary, width));
            Add("wpe.weight", Random(0.5, positions, width));
            for (var layer = 0; layer < config["n_layer"]!.GetValue<int>(); layer++)
            {
                var h = $"h.{layer}.";
                Add(h + "ln_1.weight", 1 + Random(0.1, width)); Add(h + "ln_1.bias", Random(0.1, width));
                Add(h + "attn.bias", tril(ones(1, 1, positions, positions)));  // the causal-mask buffer old GPT-2 files carry
                Add(h + "attn.c_attn.weight", Random(0.3, width, 3 * width)); Add(h + "attn.c_attn.bias", Random(0.1, 3 * width));
                Add(h + "attn.c_proj.weight", Random(0.3, width, width)); Add(h + "attn.c_proj.bias", Random(0.1, width));
                Add(h + "ln_2.weight", 1 + Random(0.1, width)); Add(h + "ln_2.bias", Random(0.1, width));
                Add(h + "mlp.c_fc.weight", Random(0.3, width, 4 * width)); Add(h + "mlp.c_fc.bias", Random(0.1, 4 * width));
                Add(h + "mlp.c_proj.weight", Random(0.2, 4 * width, width)); Add(h + "mlp.c_proj.bias", Random(0.1, width));
            }
            Add("ln_f.weight", 1 + Random(0.1, width)); Add("ln_f.bias", Random(0.1, width));
            return tensors;
        }
        var type = config["model_type"]!.GetValue<string>();
        int hidden = config["hidden_size"]!.GetValue<int>(), heads = config["num_attention_heads"]!.GetValue<int>();
        int keyValueHeads = config["num_key_value_heads"]!.GetValue<int>(), inner = config["intermediate_size"]!.GetValue<int>();
        var headWidth = config["head_dim"]?.GetValue<int>() ?? hidden / heads;
        var gemma = type == "gemma";
        Tensor Norm(long width) => gemma ? Random(0.1, width) : 1 + Random(0.1, width);
        Add("model.embed_tokens.weight", Random(1, Vocabulary, hidden));
        for (var layer = 0; layer < config["num_hidden_layers"]!.GetValue<int>(); layer++)
        {
            var p = $"model.layers.{layer}.";
            Add(p + "self_attn.q_proj.weight", Random(0.3, heads * headWidth, hidden));
            Add(p + "self_attn.k_proj.weight", Random(0.3, keyValueHeads * headWidth, hidden));
            Add(p + "self_attn.v_proj.weight", Random(0.3, keyValueHeads * headWidth, hidden));
            if (type == "qwen2")
            {
                Add(p + "self_attn.q_proj.bias", Random(0.1, heads * headWidth));
                Add(p + "self_attn.k_proj.bias", Random(0.1, keyValueHeads * headWidth));
                Add(p + "self_attn.v_proj.bias", Random(0.1, keyValueHeads * headWidth));
            }
            Add(p + "self_attn.o_proj.weight", Random(0.3, hidden, heads * headWidth));
            if (type == "qwen3") { Add(p + "self_attn.q_norm.weight", Norm(headWidth)); Add(p + "self_attn.k_norm.weight", Norm(headWidth)); }
            if (type == "olmo2") { Add(p + "self_attn.q_norm.weight", Norm(heads * headWidth)); Add(p + "self_attn.k_norm.weight", Norm(keyValueHeads * headWidth)); }
            Add(p + "mlp.gate_proj.weight", Random(0.3, inner, hidden));
            Add(p + "mlp.up_proj.weight", Random(0.3, inner, hidden));
            Add(p + "mlp.down_proj.weight", Random(0.3, hidden, inner));
            if (type == "olmo2") { Add(p + "post_attention_layernorm.weight", Norm(hidden)); Add(p + "post_feedforward_layernorm.weight", Norm(hidden)); }
            else { Add(p + "input_layernorm.weight", Norm(hidden)); Add(p + "post_attention_layernorm.weight", Norm(hidden)); }
        }
        Add("model.norm.weight", Norm(hidden));
        if (config["tie_word_embeddings"]?.GetValue<bool>() != true) Add("lm_head.weight", Random(0.3, Vocabulary, hidden));
        return tensors;
    }
}
