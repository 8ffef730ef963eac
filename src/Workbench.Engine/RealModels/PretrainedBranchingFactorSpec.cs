using System.Text.Json.Serialization;
using Workbench.Engine.Pretrained;

namespace Workbench.Engine.RealModels;

/// <summary>BF of one model of the models folder on a prompt set (<see cref="PretrainedBranchingFactorKind"/>).</summary>
public sealed record PretrainedBranchingFactorSpec : PretrainedPromptSpec
{
    [ExperimentParameter(ParameterGroup.Model, "The model: a folder of the models folder (setting Models__Path) in the Hugging Face layout, by its name.",
        MaxLength = ModelLibrary.MaxNameLength)]
    public string? Model { get; init; }

    [ExperimentParameter(ParameterGroup.Model, "Send each prompt as a user turn through the model's chat template (aligned models).", Label = "Chat template")]
    public bool Chat { get; init; }

    [JsonIgnore]
    public override string Title => $"Branching factor of {Model ?? "a pretrained model"}" + (Chat ? " (chat)" : "");

    [JsonIgnore]
    public override IReadOnlyList<PretrainedModelInput> Models => [new("model", Model!.Trim())];

    [JsonIgnore]
    private protected override IEnumerable<(string Name, string? Value, bool Required)> ModelFields => [("model", Model, true)];
}
