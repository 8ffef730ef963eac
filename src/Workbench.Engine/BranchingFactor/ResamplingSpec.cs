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
    [ExperimentParameter(ParameterGroup.Evaluation, "Where outputs are cut, as shares of each output's length (the end token included).",
        Min = 0, AboveMin = true, Max = 1, BelowMax = true, MinCount = 1, MaxCount = 10, Distinct = true)]
    public IReadOnlyList<double> CutFractions { get; init => field = ValueList.Of(value)!; } = ValueList.Of(0.25, 0.75);

    [ExperimentParameter(ParameterGroup.Evaluation, "Aligned outputs per prompt that are cut and resampled.", Min = 1, MaxOf = nameof(SamplesPerPrompt))]
    public int OutputsPerPrompt { get; init; } = 10;

    [ExperimentParameter(ParameterGroup.Evaluation, "Continuations drawn per cut output and model.", Min = 2, Max = 1000)]
    public int ContinuationsPerCut { get; init; } = 10;

    [JsonIgnore]
    public override string Title => "Branching factor: resampling aligned outputs";

    /// <summary>The shared streams; "measurement" draws the models' outputs from the prompts, "resampling" the continuations.</summary>
    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds => SeedsOf([
        AlignedPair.Stream.Language, AlignedPair.Stream.PretrainingData, AlignedPair.Stream.PreferredData, AlignedPair.Stream.Prompts,
        AlignedPair.Stream.PretrainingOrder, AlignedPair.Stream.FineTuningOrder, AlignedPair.Stream.Measurement, AlignedPair.Stream.Resampling]);
}
