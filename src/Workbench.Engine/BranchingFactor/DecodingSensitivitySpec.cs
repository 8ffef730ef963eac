using System.Text.Json.Serialization;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Decoding sensitivity (branching-factor.md: "lower BF means lower sampling variance and less sensitivity to
/// decoding settings"): train the base and aligned pair, then sample both at each temperature (top-p 1) and at each
/// top-p (temperature 1), and measure quality and BF at each setting. Quality is checkable: accuracy (the output keeps
/// to the preferred subset, the aligned model's task) and validity (it is a sentence of the broad language, the base
/// model's). Reports how much each varies over the settings.
/// </summary>
public sealed record DecodingSensitivitySpec : AlignedPairSpec
{
    [ExperimentParameter(ParameterGroup.Decoding, "Temperatures sampled at, each with top-p 1; 0 is greedy.", Min = 0, Max = 5, MinCount = 2, MaxCount = 20, Distinct = true)]
    public IReadOnlyList<double> Temperatures { get; init => field = ValueList.Of(value)!; } = ValueList.Of(0.5, 0.75, 1, 1.25, 1.5);

    [ExperimentParameter(ParameterGroup.Decoding, "Top-p thresholds sampled at, each with temperature 1.", Label = "Top-p values",
        Min = 0, AboveMin = true, Max = 1, MinCount = 2, MaxCount = 20, Distinct = true)]
    public IReadOnlyList<double> TopPs { get; init => field = ValueList.Of(value)!; } = ValueList.Of(0.5, 0.7, 0.9, 1.0);

    [JsonIgnore]
    public override string Title => "Branching factor: sensitivity to decoding settings";

    /// <summary>The shared streams; every setting draws from a fresh "measurement" stream, so settings differ by their decoding, not their draws.</summary>
    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds => SeedsOf([
        AlignedPair.Stream.Language, AlignedPair.Stream.PretrainingData, AlignedPair.Stream.PreferredData, AlignedPair.Stream.Prompts,
        AlignedPair.Stream.PretrainingOrder, AlignedPair.Stream.FineTuningOrder, AlignedPair.Stream.Measurement]);

    /// <summary>
    /// Every setting sampled at: the temperatures (top-p 1), then the top-p thresholds (temperature 1), each once (temperature 1
    /// with top-p 1 is on both lists by default); call only on a valid spec.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<DecodingSettings> Settings =>
        [.. Temperatures.Select(temperature => new DecodingSettings(temperature))
            .Concat(TopPs.Select(topP => new DecodingSettings(TopP: topP)))
            .Distinct()];
}
