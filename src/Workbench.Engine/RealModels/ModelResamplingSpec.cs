using System.Text.Json.Serialization;
using Workbench.Engine.Pretrained;

namespace Workbench.Engine.RealModels;

/// <summary>Which model writes the continuations of the cut aligned outputs.</summary>
public enum Resampler { Aligned, Base, Both }

/// <summary>
/// Resampling on real checkpoints (<see cref="ModelResamplingKind"/>): the aligned model answers each prompt, its outputs are
/// cut at absolute token positions (the paper: 25 and 200), and the aligned model, the base model or both write new
/// continuations from each cut.
/// </summary>
public sealed record ModelResamplingSpec : PretrainedPromptSpec
{
    [ExperimentParameter(ParameterGroup.Model, "The aligned model, whose outputs are cut: a folder of the models folder (setting Models__Path), by its name.",
        MaxLength = ModelLibrary.MaxNameLength)]
    public string? AlignedModel { get; init; }

    [ExperimentParameter(ParameterGroup.Model, "The base model (the aligned model's tokenizer), by its name in the models folder.",
        MaxLength = ModelLibrary.MaxNameLength)]
    [AppliesWhen(nameof(Resampler), Resampler.Aligned, Not = true)]
    public string? BaseModel { get; init; }

    [ExperimentParameter(ParameterGroup.Model, "Which model writes the continuations from each cut.")]
    public Resampler Resampler { get; init; } = Resampler.Both;

    [ExperimentParameter(ParameterGroup.Model, "Format each prompt as a user turn with the aligned model's chat template; every continuation reads the same tokens.",
        Label = "Chat template")]
    public bool Chat { get; init; } = true;

    [ExperimentParameter(ParameterGroup.Evaluation, "Output positions where the aligned outputs are cut: the tokens before are kept, the rest rewritten (the paper: 25 and 200).",
        Min = 1, Max = MaxOutputLimit - 1, MinCount = 1, MaxCount = 10, Distinct = true)]
    public IReadOnlyList<int> CutPositions { get; init => field = ValueList.Of(value)!; } = ValueList.Of(25, 200);

    [ExperimentParameter(ParameterGroup.Evaluation, "Aligned outputs per prompt that are cut and continued.", Min = 1, MaxOf = nameof(SamplesPerPrompt))]
    public int OutputsPerPrompt { get; init; } = 4;

    [ExperimentParameter(ParameterGroup.Evaluation, "Continuations drawn per cut output and model.", Min = 2, Max = 1000)]
    public int ContinuationsPerCut { get; init; } = 10;

    [JsonIgnore]
    public override string Title => $"Resampling {AlignedModel ?? "aligned"} outputs" + (Resampler == Resampler.Aligned ? "" : $" with {BaseModel ?? "base"}");

    [JsonIgnore]
    public bool UsesBase => Resampler != Resampler.Aligned;

    [JsonIgnore]
    public override IReadOnlyList<PretrainedModelInput> Models =>
        UsesBase ? [new("alignedModel", AlignedModel!.Trim()), new("baseModel", BaseModel!.Trim())] : [new("alignedModel", AlignedModel!.Trim())];

    /// <summary>"resampling" draws the continuations from the cuts.</summary>
    [JsonIgnore]
    private protected override IEnumerable<SeedStream> ExtraStreams => [SeedStream.Resampling];

    [JsonIgnore]
    private protected override IEnumerable<(string Name, string? Value, bool Required)> ModelFields =>
        [("alignedModel", AlignedModel, true), ("baseModel", BaseModel, UsesBase)];

    private protected override void CheckStudy(SpecChecks errors)
    {
        if (!errors.Failed("cutPositions") && !errors.Failed("maxOutputTokens") && CutPositions.FirstOrDefault(position => position >= MaxOutputTokens, 0) is > 0 and var late)
            errors.Check(false, "cutPositions", $"{late} is not below maxOutputTokens ({MaxOutputTokens}): a cut must leave room to write");
    }
}
