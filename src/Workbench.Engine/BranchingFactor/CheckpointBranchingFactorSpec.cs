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
    [ExperimentParameter(ParameterGroup.Task, "The finished branching-factor run (any of the four kinds) whose checkpoint is measured, e.g. from its run page's address.",
        Label = "Source run")]
    public Guid? SourceRun { get; init; }

    [ExperimentParameter(ParameterGroup.Task, "Which of that run's checkpoints: \"aligned\", \"base\", or in a factor analysis \"small base\", \"large aligned\" and so on.",
        Label = "Checkpoint", MaxLength = 100)]
    public string? Model { get; init; } = "aligned";

    [ExperimentParameter(ParameterGroup.Evaluation, "Outputs drawn per prompt (M).", Min = 1, Max = 10_000)]
    public int SamplesPerPrompt { get; init; } = 50;

    [ExperimentParameter(ParameterGroup.Decoding, "Decoding temperature; 0 is greedy.", Min = 0, Max = 5)]
    public double Temperature { get; init; } = 1.0;

    [ExperimentParameter(ParameterGroup.Decoding, "Top-p (nucleus) threshold; 1 keeps every token.", Label = "Top-p", Min = 0, AboveMin = true, Max = 1)]
    public double TopP { get; init; } = 1.0;

    [ExperimentParameter(ParameterGroup.Decoding, "Keep only the k most likely tokens; 0 keeps every token.", Label = "Top-k", Min = 0, Max = 1000)]
    public int TopK { get; init; } = 0;

    [ExperimentParameter(ParameterGroup.Evaluation, "Output positions per window of the BF-over-position curve.", Min = 1, Max = 64)]
    public int WindowSize { get; init; } = 2;

    [ExperimentParameter(ParameterGroup.Evaluation, "A position enters the curve only if at least this many samples are still being written there.",
        Min = 1, MaxOf = nameof(SamplesPerPrompt))]
    public int MinAliveSamples { get; init; } = 10;

    [ExperimentParameter(ParameterGroup.Evaluation, "Seeds the sampling; with the source run's seed and settings the draws repeat the source's own measurement.",
        Min = 0, Max = int.MaxValue)]
    public int Seed { get; init; } = 1;

    [JsonIgnore]
    public override string Title => "Branching factor of a trained checkpoint";

    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds =>
        new Dictionary<string, long> { ["measurement"] = AlignedPair.SeedFor(Seed, AlignedPair.Stream.Measurement) };

    [JsonIgnore]
    public DecodingSettings Decoding => new(Temperature, TopP, TopK);

    protected override void CheckRules(SpecChecks errors)
    {
        errors.Check(SourceRun is { } id && id != Guid.Empty, "sourceRun", "is required: the id of a finished branching-factor run (a GUID, as in its page's address)");
        errors.Check(!string.IsNullOrWhiteSpace(Model), "model", "must name one of the source run's checkpoints, e.g. aligned");
    }

    /// <summary>What the host must load: the source run's spec and the checkpoint's weights.</summary>
    [JsonIgnore]
    public TrainedCheckpointInput Source => new(SourceRun!.Value, Model!.Trim());
}

/// <summary>A checkpoint another run trained, by its run and name.</summary>
public sealed record TrainedCheckpointInput(Guid SourceRun, string Model) : ExperimentInput("sourceRun");

/// <summary>The loaded input: the spec of the run that trained the checkpoint, and its weights (<see cref="ModelCheckpoint.WeightsOf"/>).</summary>
public sealed record TrainedCheckpoint(AlignedPairSpec Spec, byte[] Weights);
