using TorchSharp;
using TorchSharp.Modules;
using System.Text.Json.Nodes;
using Workbench.Engine.Pretrained.Architectures;
using static TorchSharp.torch;

namespace Workbench.Engine.Pretrained;

/// <summary>Where and in what dtype to load a model; by default the engine's device and dtype (<see cref="TorchRuntime.ComputeTypeOn"/>).</summary>
/// <param name="AddedTokens">more token rows than the checkpoint has, for tokens added to the tokenizer; null: the checkpoint's vocabulary</param>
public sealed record ModelLoadOptions(Device? Device = null, ScalarType? ComputeType = null, AddedTokenRows? AddedTokens = null);

/// <summary>
/// Token rows for tokens added to the tokenizer, as Hugging Face's <c>resize_token_embeddings(Rows)</c> makes them (transformers
/// 4.31 to 4.45): the token embedding and an untied output head get <paramref name="Rows"/> rows, the checkpoint's are kept, and
/// the new ones are drawn from N(0, initializer_range²), which is what the model's <c>_init_weights</c> gives a fresh embedding or
/// head — the embedding's rows first, then the head's, from one generator seeded with <paramref name="Seed"/>. (Transformers 4.46
/// and later start new rows at the mean of the old ones instead.) A tied head is the embedding and grows with it.
/// </summary>
public sealed record AddedTokenRows(int Rows, long Seed);

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
        var added = options?.AddedTokens;
        if (added is not null && added.Rows < Config.VocabularySize)
            throw new ArgumentException($"{added.Rows} token rows are fewer than the checkpoint's {Config.VocabularySize}.", nameof(options));
        var config = added is null ? Config : Config with { VocabularySize = added.Rows };
        var target = new LoadTarget(device, dtype);
        PretrainedModel model = Config.Family == ArchitectureFamily.Gpt2 ? new Gpt2(config, target) : new RotaryDecoder(config, target);
        try
        {
            var resized = CheckpointReader.Fill(model, Weights, added is null ? null : Config.VocabularySize);
            if (added is not null) InitialiseAddedRows(resized, added.Seed, device);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    /// <param name="resized">the parameters whose rows after the checkpoint's vocabulary are new, in the model's order</param>
    private void InitialiseAddedRows(IReadOnlyList<Parameter> resized, long seed, Device device)
    {
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed, device);
        foreach (var parameter in resized)
        {
            using var rows = parameter.narrow(0, Config.VocabularySize, parameter.shape[0] - Config.VocabularySize); // (added, hidden)
            rows.normal_(0, Config.InitializerRange, generator);
        }
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
