using TorchSharp;

namespace Workbench.Engine.Pretrained;

/// <summary>A model of the host's models folder (<see cref="ModelLibrary"/>), named by a spec's field.</summary>
/// <param name="Field">the spec parameter that names it ("model", "baseModel", "alignedModel"): also the model's role in the run</param>
/// <param name="Name">its folder's name in the models folder</param>
/// <param name="Family">the one architecture the kind can use it as (fine-tuning on a creativity task: GPT-2); null: any the engine reads</param>
/// <param name="Trained">the run trains the model (in float32, with Adam): the worker must hold its gradients and optimizer
/// state too, not only its weights</param>
public sealed record PretrainedModelInput(string Field, string Name, ArchitectureFamily? Family = null, bool Trained = false) : ExperimentInput(Field)
{
    /// <summary>Why the model's architecture does not qualify, or null.</summary>
    public string? FamilyProblem(ArchitectureConfig config) =>
        Family is not { } family || config.Family == family ? null
            : $"\"{Name}\" is a {config.Family} ({config.ModelType}) model; only {family} ({family.ToString().ToLowerInvariant()}) models can be used here";
}

/// <summary>The loaded input: the opened folder and the manifest the host hashed it to (and, on a replay, checked).</summary>
public sealed record PretrainedModelSource(string Name, ModelFolder Folder, ModelManifest Manifest);

/// <summary>
/// What a run records about a model it loaded (<see cref="IExperimentObserver.ModelLoaded"/>): by name and content, so
/// that a replay can refuse a model whose files changed, naming them.
/// </summary>
/// <param name="Role">the spec field that named it, e.g. "baseModel"</param>
/// <param name="Architecture">the family and <c>model_type</c>, e.g. "Qwen2 (qwen2)"</param>
/// <param name="Device">"cpu" or "cuda"</param>
/// <param name="ComputeType">"float32" or "bfloat16": the weights', cache's and activations' dtype</param>
public sealed record LoadedModelSummary(string Role, string Name, string Architecture, long Parameters, string Device, string ComputeType, ModelManifest Manifest)
{
    /// <summary>Loads the source's weights and tokenizer and describes what was loaded.</summary>
    /// <exception cref="ModelLoadException">the weights or tokenizer cannot be read</exception>
    public static (LoadedModel Model, LoadedModelSummary Summary) Load(string role, PretrainedModelSource source, ModelLoadOptions? options = null)
    {
        var loaded = LoadedModel.Load(source.Folder, options);
        return (loaded, Describe(role, source, loaded.Model));
    }

    /// <summary>What was loaded of the source, as <paramref name="model"/> holds it (its parameters, device and dtype).</summary>
    public static LoadedModelSummary Describe(string role, PretrainedModelSource source, PretrainedModel model) =>
        new(role, source.Name, $"{source.Folder.Config.Family} ({source.Folder.Config.ModelType})", model.ParameterCount,
            model.Device.type == DeviceType.CUDA ? "cuda" : "cpu", model.ComputeType == torch.ScalarType.BFloat16 ? "bfloat16" : "float32",
            source.Manifest);
}
