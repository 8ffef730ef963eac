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
    public const string Kind = "bfFactorAnalysis";

    /// <summary>Words in each long ("complex") prompt: above <see cref="AlignedPairSpec.PromptWords"/>, at most <see cref="AlignedPairSpec.MaxWords"/> − 1.</summary>
    public int LongPromptWords { get; init; } = 6;

    /// <summary>Width of the small model: 8 to 512, below <see cref="AlignedPairSpec.Width"/> or with fewer blocks, divisible by the heads.</summary>
    public int SmallWidth { get; init; } = 16;

    /// <summary>Blocks of the small model: 1 to <see cref="AlignedPairSpec.Depth"/>.</summary>
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

    private protected override void ValidateStudy(SpecChecks errors)
    {
        errors.Range(LongPromptWords, PromptWords + 1, Math.Max(PromptWords + 1, MaxWords - 1), "longPromptWords");
        errors.Range(SmallWidth, 8, 512, "smallWidth");
        errors.Range(SmallDepth, 1, Math.Max(1, Depth), "smallDepth");
        errors.Check(Heads < 1 || SmallWidth % Heads == 0, "smallWidth", $"must be divisible by the heads ({Heads})");
        errors.Check(SmallWidth < Width || SmallDepth < Depth, "smallWidth", $"the small model must be narrower than {Width} or shallower than {Depth} blocks");
    }
}
