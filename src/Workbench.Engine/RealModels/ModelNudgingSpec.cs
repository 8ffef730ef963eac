using System.Text.Json.Serialization;
using Workbench.Engine.Pretrained;

namespace Workbench.Engine.RealModels;

/// <summary>
/// Nudging on real checkpoints (<see cref="ModelNudgingKind"/>): the base model decodes, and where the top token of its
/// decoding distribution has probability below the threshold the aligned model writes that one token.
/// </summary>
public sealed record ModelNudgingSpec : PretrainedPromptSpec
{
    [ExperimentParameter(ParameterGroup.Model, "The base model, which decodes: a folder of the models folder (setting Models__Path), by its name.",
        MaxLength = ModelLibrary.MaxNameLength)]
    public string? BaseModel { get; init; }

    [ExperimentParameter(ParameterGroup.Model, "The aligned model, which writes the tokens the base model is unsure of; the base model's tokenizer and output width.",
        MaxLength = ModelLibrary.MaxNameLength)]
    public string? AlignedModel { get; init; }

    [ExperimentParameter(ParameterGroup.Model, "Format each prompt as a user turn with the aligned model's chat template; both models read the same tokens.",
        Label = "Chat template")]
    public bool Chat { get; init; } = true;

    [ExperimentParameter(ParameterGroup.Decoding, "The aligned model writes a token where the base model's top token has less than this probability (a common default: 0.4).",
        Min = 0, AboveMin = true, Max = 1)]
    public double NudgeThreshold { get; init; } = 0.4;

    [ExperimentParameter(ParameterGroup.Evaluation, "Also measure each model alone on the same prompt tokens, for the comparison (three measurements instead of one).",
        Label = "Measure both models alone")]
    public bool MeasureModelsAlone { get; init; } = true;

    [JsonIgnore]
    public override string Title => $"Nudging {BaseModel ?? "base"} with {AlignedModel ?? "aligned"}";

    [JsonIgnore]
    public override IReadOnlyList<PretrainedModelInput> Models => [new("baseModel", BaseModel!.Trim()), new("alignedModel", AlignedModel!.Trim())];

    [JsonIgnore]
    private protected override IEnumerable<(string Name, string? Value, bool Required)> ModelFields => [("baseModel", BaseModel, true), ("alignedModel", AlignedModel, true)];
}
