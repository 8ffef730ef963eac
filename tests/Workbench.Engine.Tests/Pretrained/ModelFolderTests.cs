using System.Text.Json.Nodes;
using Workbench.Engine.Pretrained;
using Workbench.Testing.Pretrained;

namespace Workbench.Engine.Tests.Pretrained;

[Trait("Category", "Engine")]
public sealed class ModelFolderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("workbench-model-folder-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Reads_the_config_exactly()
    {
        var folder = ModelFolder.Open(Write("llama3"));
        var config = folder.Config;
        Assert.Equal(ArchitectureFamily.Llama, config.Family);
        Assert.Equal((4, 2, 8, 64), (config.Heads, config.KeyValueHeads, config.HeadWidth, config.ContextLength));
        Assert.Equal(new RotaryScaling(500000, "llama3", 8, 1, 4, 16), config.Rotary);
        Assert.Equal(2, folder.Weights.Tensors.Select(tensor => Path.GetFileName(tensor.File)).Distinct().Count()); // both shards
        Assert.All(folder.Weights.Tensors, tensor => Assert.Equal("BF16", tensor.DataType));
        Assert.Equal(16, ModelFolder.Open(Write("mistral")).Config.HeadWidth);          // head_dim given, not hidden / heads
        Assert.True(ModelFolder.Open(Write("qwen2")).Config.QueryKeyBias);
        Assert.False(ModelFolder.Open(Write("qwen2")).Config.OutputBias);
    }

    [Theory]
    [InlineData("model_type", "\"gemma2\"", "model_type 'gemma2' is not implemented")]
    [InlineData("architectures", "[\"LlamaForSequenceClassification\"]", "architectures lists 'LlamaForSequenceClassification'")]
    [InlineData("rope_scaling", "{\"rope_type\": \"yarn\", \"factor\": 4.0}", "rope_scaling.rope_type 'yarn' is not implemented")]
    [InlineData("rope_scaling", "{\"rope_type\": \"llama3\", \"factor\": 8.0}", "rope_scaling.original_max_position_embeddings is missing")]
    [InlineData("sliding_window", "16", "sliding_window 16 is smaller than max_position_embeddings 64")]
    [InlineData("hidden_act", "\"relu\"", "hidden_act 'relu' is not implemented")]
    [InlineData("partial_rotary_factor", "0.5", "partial_rotary_factor 0.5 is not implemented")]
    [InlineData("num_key_value_heads", "3", "num_attention_heads 4 is not a multiple of num_key_value_heads 3")]
    [InlineData("quantization_config", "{\"quant_method\": \"gptq\"}", "quantization_config is not implemented")]
    public void Refuses_a_config_it_does_not_implement_naming_the_field(string field, string value, string message)
    {
        var folder = Write("llama2");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        config[field] = JsonNode.Parse(value);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        var error = Assert.Throws<ModelLoadException>(() => ModelFolder.Open(folder));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_sliding_window_as_long_as_the_context_is_full_attention()
    {
        var folder = Write("mistral");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        config["sliding_window"] = 64;
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        Assert.Equal(ArchitectureFamily.Mistral, ModelFolder.Open(folder).Config.Family);
    }

    [Fact]
    public void Refuses_a_missing_shard()
    {
        var folder = Write("llama3");
        File.Delete(Path.Combine(folder, "model-00002-of-00002.safetensors"));
        var error = Assert.Throws<ModelLoadException>(() => ModelFolder.Open(folder));
        Assert.Contains("names the shard model-00002-of-00002.safetensors, which is not in the folder", error.Message);
    }

    [Fact]
    public void Refuses_weights_that_do_not_match_the_config()
    {
        var folder = Write("llama2");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        config["tie_word_embeddings"] = true; // the file still holds lm_head.weight, which a tied model ignores
        config["intermediate_size"] = 40;
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        var error = Assert.Throws<ModelLoadException>(() => ModelFolder.Open(folder).Load());
        Assert.Contains("tensor model.layers.0.mlp.gate_proj.weight has shape [48, 32]; the config implies [40, 32]", error.Message);

        var qwen = Write("qwen3");
        var qwenConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(qwen, "config.json")))!.AsObject();
        qwenConfig["model_type"] = "llama";
        qwenConfig["architectures"] = new JsonArray("LlamaForCausalLM");
        File.WriteAllText(Path.Combine(qwen, "config.json"), qwenConfig.ToJsonString());
        Assert.Contains("holds model.layers.0.self_attn.q_norm.weight, which this llama config has no place for",
            Assert.Throws<ModelLoadException>(() => ModelFolder.Open(qwen).Load()).Message);
    }

    [Fact]
    public void A_manifest_names_the_file_that_changed()
    {
        var folder = Write("gpt2");
        var recorded = ModelManifest.Compute(folder);
        Assert.Contains(recorded.Files, file => file.Path == "model.safetensors");
        ModelManifest.Compute(folder).EnsureMatches(recorded);

        using (var file = File.OpenWrite(Path.Combine(folder, "model.safetensors")))
        {
            file.Seek(-1, SeekOrigin.End);
            file.WriteByte(42);
        }
        var error = Assert.Throws<ModelLoadException>(() => ModelManifest.Compute(folder).EnsureMatches(recorded));
        Assert.Contains("model.safetensors changed (sha256", error.Message);
        File.Delete(Path.Combine(folder, "merges.txt"));
        Assert.Contains("merges.txt is missing", Assert.Throws<ModelLoadException>(() => ModelManifest.Compute(folder).EnsureMatches(recorded)).Message);
    }

    private string Write(string model) => TinyModels.Write(TinyModels.Named(model), Path.Combine(root, model + Guid.NewGuid().ToString("N")[..6]));
}
