using System.Text.Json.Serialization;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// BF of a model another run trained: a checkpoint ("base", "aligned", or for a factor analysis "small aligned" and so
/// on) of a finished branching-factor run, measured on that run's language and prompts with decoding settings of one's
/// own. Nothing is trained. The worker looks the run and its checkpoint up; the engine only needs the run's spec and the
/// weights.
/// </summary>
public sealed record CheckpointBranchingFactorSpec : ExperimentSpec
{
    public const string Kind = "bfCheckpoint";

    /// <summary>The id of a finished branching-factor run (any of the four kinds), e.g. from its run page's address.</summary>
    public string? SourceRun { get; init; }

    /// <summary>Which of that run's checkpoints: "aligned", "base", or in a factor analysis "small base", "large aligned" and so on.</summary>
    public string? Model { get; init; } = "aligned";

    /// <summary>Outputs drawn per prompt (M): 1 to 10000.</summary>
    public int SamplesPerPrompt { get; init; } = 50;

    /// <summary>Decoding temperature: 0 (greedy) to 5.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Top-p (nucleus) threshold: above 0, at most 1 (1 keeps every token).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Top-k: 0 (keep every token) to 1000.</summary>
    public int TopK { get; init; } = 0;

    /// <summary>Output positions per window of the BF-over-position curve: 1 to 64.</summary>
    public int WindowSize { get; init; } = 2;

    /// <summary>A position enters the curve only if at least this many samples are alive there: 1 to <see cref="SamplesPerPrompt"/>.</summary>
    public int MinAliveSamples { get; init; } = 10;

    /// <summary>Seeds the sampling: 0 to 2147483647. With the source run's seed and settings the draws repeat the source's own measurement.</summary>
    public int Seed { get; init; } = 1;

    [JsonIgnore]
    public override string Title => "Branching factor of a trained checkpoint";

    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds =>
        new Dictionary<string, long> { ["measurement"] = AlignedPair.SeedFor(Seed, AlignedPair.Stream.Measurement) };

    [JsonIgnore]
    public Guid SourceRunId => Guid.Parse(SourceRun!.Trim());

    [JsonIgnore]
    public DecodingSettings Decoding => new(Temperature, TopP, TopK);

    public override IReadOnlyList<SpecError> Validate()
    {
        var errors = new SpecChecks();
        errors.Check(Guid.TryParse(SourceRun?.Trim(), out _), "sourceRun", "must be the id of a run (a GUID, as in the run page's address)");
        errors.Check(!string.IsNullOrWhiteSpace(Model), "model", "must name one of the source run's checkpoints, e.g. aligned");
        errors.Range(SamplesPerPrompt, 1, 10_000, "samplesPerPrompt");
        errors.Range(Temperature, 0, 5, "temperature");
        errors.Check(TopP is > 0 and <= 1, "topP", "must be above 0 and at most 1");
        errors.Range(TopK, 0, 1000, "topK");
        errors.Range(WindowSize, 1, 64, "windowSize");
        errors.Range(MinAliveSamples, 1, Math.Max(1, SamplesPerPrompt), "minAliveSamples");
        errors.Range(Seed, 0, int.MaxValue, "seed");
        return errors.Errors;
    }
}
