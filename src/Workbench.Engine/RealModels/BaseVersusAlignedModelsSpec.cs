using System.Text.Json.Serialization;
using Workbench.Engine.Pretrained;

namespace Workbench.Engine.RealModels;

/// <summary>
/// The paper's central comparison on real checkpoints (<see cref="BaseVersusAlignedModelsKind"/>): a base model and its
/// aligned counterpart (same tokenizer) on the same prompts, the aligned one optionally through its chat template.
/// </summary>
public sealed record BaseVersusAlignedModelsSpec : PretrainedPromptSpec
{
    [ExperimentParameter(ParameterGroup.Model, "The base model: a folder of the models folder (setting Models__Path), by its name.",
        MaxLength = ModelLibrary.MaxNameLength)]
    public string? BaseModel { get; init; }

    [ExperimentParameter(ParameterGroup.Model, "The aligned model (instruct, chat, DPO …) with the base model's tokenizer, by its name in the models folder.",
        MaxLength = ModelLibrary.MaxNameLength)]
    public string? AlignedModel { get; init; }

    [ExperimentParameter(ParameterGroup.Model, "Send each prompt to the aligned model as a user turn through its chat template; the base model reads it as plain text.",
        Label = "Aligned model's chat template")]
    public bool AlignedChat { get; init; } = true;

    [JsonIgnore]
    public override string Title => $"Base vs aligned: {BaseModel ?? "base"} / {AlignedModel ?? "aligned"}";

    [JsonIgnore]
    public override IReadOnlyList<PretrainedModelInput> Models => [new("baseModel", BaseModel!.Trim()), new("alignedModel", AlignedModel!.Trim())];

    [JsonIgnore]
    private protected override IEnumerable<(string Name, string? Value, bool Required)> ModelFields => [("baseModel", BaseModel, true), ("alignedModel", AlignedModel, true)];
}
