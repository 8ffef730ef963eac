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
    public const string Kind = "bfDecodingSensitivity";

    /// <summary>Temperatures sampled at (with top-p 1), separated by spaces, commas or lines: 2 to 20, each 0 (greedy) to 5.</summary>
    public string? Temperatures { get; init; } = "0.5 0.75 1 1.25 1.5";

    /// <summary>Top-p thresholds sampled at (with temperature 1): 2 to 20, each above 0 and at most 1.</summary>
    public string? TopPs { get; init; } = "0.5 0.7 0.9 1";

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
        [.. NumberList.Parse(Temperatures).Select(temperature => new DecodingSettings(temperature))
            .Concat(NumberList.Parse(TopPs).Select(topP => new DecodingSettings(TopP: topP)))
            .Distinct()];

    private protected override void ValidateStudy(SpecChecks errors)
    {
        NumberList.Check(errors, Temperatures, "temperatures", 2, 20, temperature => temperature is >= 0 and <= 5, "from 0 to 5", "0.5 1 1.5");
        NumberList.Check(errors, TopPs, "topPs", 2, 20, topP => topP is > 0 and <= 1, "above 0 and at most 1", "0.5 0.9 1");
    }
}
