using System.Text.Json.Serialization;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Factor analysis (branching-factor.md: "alignment tuning is the factor with the largest effect on BF"): a two-level
/// factorial design over alignment (base or aligned), prompt complexity (prompts of <see cref="AlignedPairSpec.PromptWords"/>
/// or <see cref="LongPromptWords"/> words) and model size (<see cref="SmallWidth"/> × <see cref="SmallDepth"/> or
/// <see cref="AlignedPairSpec.Width"/> × <see cref="AlignedPairSpec.Depth"/>). Both sizes are trained as a base and aligned
/// pair on the same data; BF is measured in all eight cells with plain sampling.
/// </summary>
public sealed record FactorAnalysisSpec : AlignedPairSpec
{
    [ExperimentParameter(ParameterGroup.Evaluation, "Words in each long (\"complex\") prompt.", Max = 63, MinOf = nameof(PromptWords), MinOffset = 1,
        MaxOf = nameof(MaxWords), MaxOffset = -1)]
    public int LongPromptWords { get; init; } = 6;

    [ExperimentParameter(ParameterGroup.Model, "Width of the small model: narrower than the large one (or with fewer blocks), divisible by the heads.", Min = 8, Max = 512)]
    public int SmallWidth { get; init; } = 16;

    [ExperimentParameter(ParameterGroup.Model, "Blocks of the small model.", Min = 1, MaxOf = nameof(Depth))]
    public int SmallDepth { get; init; } = 1;

    [JsonIgnore]
    public override string Title => "Branching factor: which factor moves it most";

    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds => SeedsOf([
        AlignedPair.Stream.Language, AlignedPair.Stream.PretrainingData, AlignedPair.Stream.PreferredData, AlignedPair.Stream.Prompts,
        AlignedPair.Stream.PretrainingOrder, AlignedPair.Stream.FineTuningOrder, AlignedPair.Stream.Measurement]);

    /// <summary>The same study with the small model's shape: what the small pair is trained from.</summary>
    [JsonIgnore]
    public FactorAnalysisSpec Small => this with { Width = SmallWidth, Depth = SmallDepth };

    /// <summary>"small base" and "small aligned" were trained in the small shape, "large …" in the spec's own.</summary>
    public override AlignedPairSpec ShapeOf(string checkpoint) => checkpoint.StartsWith("small ", StringComparison.Ordinal) ? Small : this;

    private protected override void CheckStudy(SpecChecks errors)
    {
        errors.Check(Heads < 1 || SmallWidth % Heads == 0, "smallWidth", $"must be divisible by the heads ({Heads})");
        errors.Check(SmallWidth < Width || SmallDepth < Depth, "smallWidth", $"the small model must be narrower than {Width} or shallower than {Depth} blocks");
    }
}
