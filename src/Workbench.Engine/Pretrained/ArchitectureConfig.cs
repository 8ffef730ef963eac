using System.Text.Json.Nodes;

namespace Workbench.Engine.Pretrained;

/// <summary>The architectures the engine implements, after Hugging Face's <c>model_type</c>.</summary>
public enum ArchitectureFamily { Gpt2, Llama, Mistral, Qwen2, Qwen3, Olmo2, Gemma }

/// <summary>How a decoder's feed-forward block activates: SiLU (SwiGLU), GELU with the tanh approximation (GeGLU, GPT-2's gelu_new) or exact GELU.</summary>
public enum Activation { Silu, GeluTanh, Gelu }

/// <summary>Rotary position embedding and its scaling (<c>rope_theta</c>, <c>rope_scaling</c>).</summary>
/// <param name="Type">default, linear or llama3</param>
/// <param name="Factor">linear and llama3: how much longer the context was made</param>
/// <param name="LowFrequencyFactor">llama3 only</param>
/// <param name="HighFrequencyFactor">llama3 only</param>
/// <param name="OriginalContextLength">llama3 only: <c>original_max_position_embeddings</c></param>
public sealed record RotaryScaling(double Theta, string Type = "default", double Factor = 1, double LowFrequencyFactor = 1,
    double HighFrequencyFactor = 4, int OriginalContextLength = 0);

/// <summary>
/// A model's <c>config.json</c>, read exactly: every field the forward pass depends on, with Hugging Face's defaults for
/// the family where a field is absent. Anything the engine does not implement is refused by <see cref="Parse"/> with
/// the field's name rather than silently ignored.
/// </summary>
/// <param name="HeadWidth"><c>head_dim</c> when given (Qwen3, Gemma, some Mistral configs), else hidden / heads</param>
/// <param name="QueryKeyBias">biases on q, k and v (Qwen2; <c>attention_bias</c> elsewhere)</param>
/// <param name="OutputBias">a bias on the attention output projection (<c>attention_bias</c>; never for Qwen2)</param>
/// <param name="InitializerRange"><c>initializer_range</c>: the standard deviation Hugging Face draws new weights with (rows for added tokens)</param>
public sealed record ArchitectureConfig(
    ArchitectureFamily Family,
    string ModelType,
    int VocabularySize,
    int ContextLength,
    int Hidden,
    int Layers,
    int Heads,
    int KeyValueHeads,
    int HeadWidth,
    int Intermediate,
    double NormEpsilon,
    bool TieWordEmbeddings,
    Activation Activation,
    RotaryScaling? Rotary,
    bool QueryKeyBias = false,
    bool OutputBias = false,
    bool MlpBias = false,
    string? StoredDtype = null,
    double InitializerRange = 0.02)
{
    private static readonly string[] SupportedTypes = ["gpt2", "llama", "mistral", "qwen2", "qwen3", "olmo2", "gemma"];

    /// <summary>Reads a parsed <c>config.json</c>.</summary>
    /// <exception cref="ModelLoadException">an unknown <c>model_type</c> or a field whose value is not implemented</exception>
    public static ArchitectureConfig Parse(JsonObject config)
    {
        var reader = new ConfigReader(config);
        var modelType = reader.String("model_type") ?? throw new ModelLoadException("config.json has no model_type.");
        RefuseCommon(reader);
        var parsed = modelType switch
        {
            "gpt2" => ParseGpt2(reader),
            "llama" => ParseRotary(reader, ArchitectureFamily.Llama, contextDefault: 2048),
            "mistral" => ParseRotary(reader, ArchitectureFamily.Mistral, contextDefault: 32768),
            "qwen2" => ParseRotary(reader, ArchitectureFamily.Qwen2, contextDefault: 32768),
            "qwen3" => ParseRotary(reader, ArchitectureFamily.Qwen3, contextDefault: 32768),
            "olmo2" => ParseRotary(reader, ArchitectureFamily.Olmo2, contextDefault: 2048),
            "gemma" => ParseRotary(reader, ArchitectureFamily.Gemma, contextDefault: 8192),
            _ => throw new ModelLoadException($"config.json: model_type '{modelType}' is not implemented (supported: {string.Join(", ", SupportedTypes)})."),
        };
        RefuseArchitectures(reader, parsed.Family);
        return parsed with
        {
            StoredDtype = reader.String("torch_dtype") ?? reader.String("dtype"), InitializerRange = reader.Double("initializer_range", 0.02),
        };
    }

    private static void RefuseCommon(ConfigReader reader)
    {
        if (reader.Has("quantization_config")) throw new ModelLoadException("config.json: quantization_config is not implemented (quantized weights).");
        if (reader.Bool("is_encoder_decoder") == true) throw new ModelLoadException("config.json: is_encoder_decoder is true; only decoder-only models are implemented.");
    }

    /// <summary>The head must be a causal language model's (e.g. not LlamaForSequenceClassification).</summary>
    private static void RefuseArchitectures(ConfigReader reader, ArchitectureFamily family)
    {
        var expected = family switch
        {
            ArchitectureFamily.Gpt2 => "GPT2LMHeadModel",
            ArchitectureFamily.Llama => "LlamaForCausalLM",
            ArchitectureFamily.Mistral => "MistralForCausalLM",
            ArchitectureFamily.Qwen2 => "Qwen2ForCausalLM",
            ArchitectureFamily.Qwen3 => "Qwen3ForCausalLM",
            ArchitectureFamily.Olmo2 => "Olmo2ForCausalLM",
            _ => "GemmaForCausalLM",
        };
        foreach (var architecture in reader.Strings("architectures"))
            if (architecture != expected && !(family == ArchitectureFamily.Gpt2 && architecture == "GPT2Model"))
                throw new ModelLoadException($"config.json: architectures lists '{architecture}'; only {expected} is implemented for this model_type.");
    }

    private static ArchitectureConfig ParseGpt2(ConfigReader reader)
    {
        if (reader.Bool("scale_attn_weights") == false) throw new ModelLoadException("config.json: scale_attn_weights false is not implemented.");
        if (reader.Bool("scale_attn_by_inverse_layer_idx") == true) throw new ModelLoadException("config.json: scale_attn_by_inverse_layer_idx true is not implemented.");
        if (reader.Bool("add_cross_attention") == true) throw new ModelLoadException("config.json: add_cross_attention true is not implemented.");
        var hidden = reader.Int("n_embd", 768);
        var heads = reader.Int("n_head", 12);
        var activation = reader.String("activation_function") ?? "gelu_new";
        return new ArchitectureConfig(
            ArchitectureFamily.Gpt2, "gpt2",
            VocabularySize: reader.Int("vocab_size", 50257),
            ContextLength: reader.Int("n_positions", 1024),
            Hidden: hidden,
            Layers: reader.Int("n_layer", 12),
            Heads: heads,
            KeyValueHeads: heads,
            HeadWidth: Divide(hidden, heads, "n_embd", "n_head"),
            Intermediate: reader.Int("n_inner", 4 * hidden),
            NormEpsilon: reader.Double("layer_norm_epsilon", 1e-5),
            TieWordEmbeddings: reader.Bool("tie_word_embeddings") ?? true,
            Activation: activation switch
            {
                "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => Activation.GeluTanh,
                "gelu" => Activation.Gelu,
                _ => throw new ModelLoadException($"config.json: activation_function '{activation}' is not implemented (gelu_new, gelu_pytorch_tanh, gelu)."),
            },
            Rotary: null,
            QueryKeyBias: true, OutputBias: true, MlpBias: true);
    }

    private static ArchitectureConfig ParseRotary(ConfigReader reader, ArchitectureFamily family, int contextDefault)
    {
        var hidden = reader.RequiredInt("hidden_size");
        var heads = reader.RequiredInt("num_attention_heads");
        var keyValueHeads = reader.Int("num_key_value_heads", heads);
        if (keyValueHeads <= 0 || heads % keyValueHeads != 0)
            throw new ModelLoadException($"config.json: num_attention_heads {heads} is not a multiple of num_key_value_heads {keyValueHeads}.");
        var headWidthDefault = family switch
        {
            ArchitectureFamily.Qwen3 => 128,
            ArchitectureFamily.Gemma => 256,
            _ => Divide(hidden, heads, "hidden_size", "num_attention_heads"),
        };
        var headWidth = reader.Int("head_dim", headWidthDefault);
        var context = reader.Int("max_position_embeddings", contextDefault);
        var partialRotary = reader.Double("partial_rotary_factor", 1.0);
        if (partialRotary != 1.0) throw new ModelLoadException($"config.json: partial_rotary_factor {partialRotary} is not implemented (only 1).");
        RefuseSlidingWindow(reader, family, context);
        var attentionBias = reader.Bool("attention_bias") ?? false;
        return new ArchitectureConfig(
            family, reader.String("model_type")!,
            VocabularySize: reader.RequiredInt("vocab_size"),
            ContextLength: context,
            Hidden: hidden,
            Layers: reader.RequiredInt("num_hidden_layers"),
            Heads: heads,
            KeyValueHeads: keyValueHeads,
            HeadWidth: headWidth,
            Intermediate: reader.RequiredInt("intermediate_size"),
            NormEpsilon: reader.Double("rms_norm_eps", family == ArchitectureFamily.Olmo2 ? 1e-5 : 1e-6),
            TieWordEmbeddings: reader.Bool("tie_word_embeddings") ?? family == ArchitectureFamily.Gemma,
            Activation: ReadActivation(reader, family),
            Rotary: ReadRotary(reader),
            QueryKeyBias: family == ArchitectureFamily.Qwen2 || attentionBias,
            OutputBias: family != ArchitectureFamily.Qwen2 && attentionBias,
            MlpBias: reader.Bool("mlp_bias") ?? false);
    }

    /// <summary>
    /// Gemma's MLP is GeGLU with the tanh approximation: <c>hidden_activation</c>, which Hugging Face added because the
    /// first Gemma configs say <c>hidden_act: gelu</c> while the model was trained with the approximation; when it is
    /// absent we follow the original modelling code's fallback (gelu_pytorch_tanh), not <c>hidden_act</c>.
    /// </summary>
    private static Activation ReadActivation(ConfigReader reader, ArchitectureFamily family)
    {
        var field = family == ArchitectureFamily.Gemma ? "hidden_activation" : "hidden_act";
        var name = reader.String(field) ?? (family == ArchitectureFamily.Gemma ? "gelu_pytorch_tanh" : "silu");
        return name switch
        {
            "silu" or "swish" => Activation.Silu,
            "gelu_pytorch_tanh" or "gelu_new" => Activation.GeluTanh,
            "gelu" => Activation.Gelu,
            _ => throw new ModelLoadException($"config.json: {field} '{name}' is not implemented (silu, gelu_pytorch_tanh, gelu)."),
        };
    }

    /// <summary>Sliding-window attention changes what a position sees once the sequence outgrows the window; we implement full attention only.</summary>
    private static void RefuseSlidingWindow(ConfigReader reader, ArchitectureFamily family, int context)
    {
        var window = reader.NullableInt("sliding_window");
        var used = family is ArchitectureFamily.Qwen2 or ArchitectureFamily.Qwen3
            ? reader.Bool("use_sliding_window") == true && reader.Int("max_window_layers", 28) < reader.RequiredInt("num_hidden_layers")
            : window is not null;
        if (used && window is not null && window < context)
            throw new ModelLoadException($"config.json: sliding_window {window} is smaller than max_position_embeddings {context}; sliding-window attention is not implemented.");
        if (reader.Strings("layer_types").Any(type => type != "full_attention"))
            throw new ModelLoadException("config.json: layer_types names a layer other than full_attention; only full attention is implemented.");
    }

    private static RotaryScaling ReadRotary(ConfigReader reader)
    {
        var theta = reader.Double("rope_theta", 10000);
        if (reader.Object("rope_scaling") is not { } scaling) return new RotaryScaling(theta);
        var scalingReader = new ConfigReader(scaling, "rope_scaling.");
        var type = scalingReader.String("rope_type") ?? scalingReader.String("type") ?? "default";
        switch (type)
        {
            case "default":
                return new RotaryScaling(theta);
            case "linear":
                return new RotaryScaling(theta, type, Factor: scalingReader.RequiredDouble("factor"));
            case "llama3":
                var original = scalingReader.RequiredInt("original_max_position_embeddings");
                var low = scalingReader.RequiredDouble("low_freq_factor");
                var high = scalingReader.RequiredDouble("high_freq_factor");
                if (high <= low) throw new ModelLoadException($"config.json: rope_scaling.high_freq_factor {high} must be above low_freq_factor {low}.");
                return new RotaryScaling(theta, type, scalingReader.RequiredDouble("factor"), low, high, original);
            default:
                throw new ModelLoadException($"config.json: rope_scaling.rope_type '{type}' is not implemented (default, linear, llama3).");
        }
    }

    private static int Divide(int total, int parts, string totalField, string partsField) =>
        parts > 0 && total % parts == 0 ? total / parts
            : throw new ModelLoadException($"config.json: {totalField} {total} is not divisible by {partsField} {parts}.");

    /// <summary>Typed reads of config fields, each error naming the field.</summary>
    private sealed class ConfigReader(JsonObject node, string prefix = "")
    {
        public bool Has(string field) => node[field] is not null;

        public JsonObject? Object(string field) => node[field] as JsonObject;

        public string? String(string field) => node[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

        public IEnumerable<string> Strings(string field) =>
            node[field] is JsonArray array ? array.Select(item => item?.GetValue<string>() ?? "") : [];

        public bool? Bool(string field) => node[field] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
            _ => throw Invalid(field, "true or false"),
        };

        public int Int(string field, int fallback) => NullableInt(field) ?? fallback;

        public int RequiredInt(string field) => NullableInt(field) ?? throw new ModelLoadException($"config.json: {prefix}{field} is missing.");

        public int? NullableInt(string field)
        {
            if (node[field] is not JsonValue value) return null;
            if (value.TryGetValue<int>(out var number)) return number;
            if (value.TryGetValue<double>(out var real) && real == Math.Floor(real) && real is > 0 and < int.MaxValue) return (int)real;
            throw Invalid(field, "an integer");
        }

        public double Double(string field, double fallback) => NullableDouble(field) ?? fallback;

        public double RequiredDouble(string field) => NullableDouble(field) ?? throw new ModelLoadException($"config.json: {prefix}{field} is missing.");

        private double? NullableDouble(string field)
        {
            if (node[field] is not JsonValue value) return null;
            return value.TryGetValue<double>(out var number) ? number : throw Invalid(field, "a number");
        }

        private ModelLoadException Invalid(string field, string expected) =>
            new($"config.json: {prefix}{field} must be {expected}, not {node[field]!.ToJsonString()}.");
    }
}
