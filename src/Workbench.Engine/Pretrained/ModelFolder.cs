using TorchSharp;
using System.Text.Json.Nodes;
using Workbench.Engine.Pretrained.Architectures;
using static TorchSharp.torch;

namespace Workbench.Engine.Pretrained;

/// <summary>Where and in what dtype to load a model; by default the engine's device and dtype (<see cref="TorchRuntime.ComputeTypeOn"/>).</summary>
public sealed record ModelLoadOptions(Device? Device = null, ScalarType? ComputeType = null);

/// <summary>
/// A model in the Hugging Face layout: <c>config.json</c>, <c>*.safetensors</c> (one file, or shards named by
/// <c>model.safetensors.index.json</c>), the tokenizer (<c>tokenizer.json</c>, or <c>vocab.json</c> + <c>merges.txt</c>
/// for GPT-2), <c>tokenizer_config.json</c> and <c>generation_config.json</c>. Opening reads and checks the config
/// and the weights' headers, not the weights.
/// </summary>
public sealed class ModelFolder
{
    private ModelFolder(string path, ArchitectureConfig config, SafetensorsWeights weights, JsonObject? generation)
    {
        Path = path;
        Config = config;
        Weights = weights;
        GenerationConfig = generation;
    }

    public string Path { get; }

    /// <summary>The folder's name, e.g. "Llama-3.2-1B".</summary>
    public string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));

    public ArchitectureConfig Config { get; }

    public SafetensorsWeights Weights { get; }

    /// <summary><c>generation_config.json</c> as written, or null (its sampling defaults are the experiment's to choose).</summary>
    public JsonObject? GenerationConfig { get; }

    /// <exception cref="ModelLoadException">a missing file, an unimplemented config, unreadable weights</exception>
    public static ModelFolder Open(string path)
    {
        if (!Directory.Exists(path)) throw new ModelLoadException($"The model folder {path} does not exist.");
        var config = ArchitectureConfig.Parse(ReadJson(path, "config.json") ?? throw new ModelLoadException($"{path} has no config.json."));
        return new ModelFolder(path, config, SafetensorsWeights.Open(path), ReadJson(path, "generation_config.json"));
    }

    /// <summary>Parameters, counted from the weights' headers (without loading them); a tied head counts once.</summary>
    public long ParameterCount => Weights.Tensors.Where(tensor => !CheckpointReader.IsSpare(tensor.Name, Config))
        .Sum(tensor => tensor.Shape.Aggregate(1L, (product, size) => product * size));

    /// <summary>The content hash of every file, for the run's record; reads every byte, so it takes a while on a big model.</summary>
    public ModelManifest ComputeManifest() => ModelManifest.Compute(Path);

    /// <summary>Builds the model and reads its weights in one pass; the weights are held once, in the compute dtype.</summary>
    public PretrainedModel Load(ModelLoadOptions? options = null)
    {
        var device = options?.Device ?? TorchRuntime.Device;
        var dtype = options?.ComputeType ?? TorchRuntime.ComputeTypeOn(device);
        if (dtype is not (ScalarType.Float32 or ScalarType.BFloat16))
            throw new ArgumentException($"Compute dtype {dtype} is not supported; use Float32 or BFloat16.", nameof(options));
        var target = new LoadTarget(device, dtype);
        PretrainedModel model = Config.Family == ArchitectureFamily.Gpt2 ? new Gpt2(Config, target) : new RotaryDecoder(Config, target);
        try
        {
            CheckpointReader.Fill(model, Weights);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    /// <summary>The tokenizer and its special tokens, with the chat template if the folder has one.</summary>
    public PretrainedTokenizer LoadTokenizer() => PretrainedTokenizer.Load(Path);

    internal static JsonObject? ReadJson(string folder, string file)
    {
        var path = System.IO.Path.Combine(folder, file);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new ModelLoadException($"{file} is not a JSON object.");
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new ModelLoadException($"{file} is not valid JSON: {error.Message}");
        }
    }
}
