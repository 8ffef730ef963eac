using System.Text.Json.Serialization;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Resampling (branching-factor.md, "The paper's findings"): train the base and aligned pair, let the aligned model
/// answer each prompt, cut its outputs after a share of their length, and let each model write new continuations
/// from there. The task has a checkable answer: an output is correct when it keeps to the preferred subset of the
/// language (every word one of the preferred continuations of the word before, and finished), which the aligned
/// model was tuned towards and the base model rarely manages. Reports accuracy and BF of the continuations per cut.
/// Sampling is plain (temperature 1, no truncation), as the BF definitions assume.
/// </summary>
public sealed record ResamplingSpec : AlignedPairSpec
{
    public const string Kind = "bfResampling";

    /// <summary>Where outputs are cut, as shares of each output's length (the end token included), separated by spaces,
    /// commas or lines: 1 to 10 shares, each above 0 and below 1.</summary>
    public string? CutFractions { get; init; } = "0.25\n0.75";

    /// <summary>Aligned outputs per prompt that are cut and resampled: 1 to <see cref="AlignedPairSpec.SamplesPerPrompt"/>.</summary>
    public int OutputsPerPrompt { get; init; } = 10;

    /// <summary>Continuations drawn per cut output and model: 2 to 1000.</summary>
    public int ContinuationsPerCut { get; init; } = 10;

    [JsonIgnore]
    public override string Title => "Branching factor: resampling aligned outputs";

    /// <summary>The shared streams; "measurement" draws the models' outputs from the prompts, "resampling" the continuations.</summary>
    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds => SeedsOf([
        AlignedPair.Stream.Language, AlignedPair.Stream.PretrainingData, AlignedPair.Stream.PreferredData, AlignedPair.Stream.Prompts,
        AlignedPair.Stream.PretrainingOrder, AlignedPair.Stream.FineTuningOrder, AlignedPair.Stream.Measurement, AlignedPair.Stream.Resampling]);

    /// <summary>The cut shares in the order given; call only on a valid spec.</summary>
    [JsonIgnore]
    public IReadOnlyList<double> Cuts => NumberList.Parse(CutFractions);

    private protected override void ValidateStudy(SpecChecks errors)
    {
        NumberList.Check(errors, CutFractions, "cutFractions", 1, 10, share => share is > 0 and < 1, "above 0 and below 1", "0.25 0.75");
        errors.Range(OutputsPerPrompt, 1, Math.Max(1, SamplesPerPrompt), "outputsPerPrompt");
        errors.Range(ContinuationsPerCut, 2, 1000, "continuationsPerCut");
    }
}
