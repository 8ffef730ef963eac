using System.Text.Json;
using System.Text.Json.Serialization;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;
using Workbench.Engine.Pretrained;

namespace Workbench.Engine.RealModels;

/// <summary>Where the prompts of a run on pretrained models come from.</summary>
public enum PromptSet
{
    /// <summary>Short story openings written for the workbench (<see cref="PromptSets.StoryOpenings"/>).</summary>
    StoryOpenings,
    /// <summary>Random strings of the model's own vocabulary, as the branching-factor paper's synthetic task draws them.</summary>
    RandomStrings,
    /// <summary>The spec's own <see cref="PretrainedPromptSpec.Prompts"/>.</summary>
    Custom,
}

/// <summary>
/// What every experiment on pretrained models from the models folder shares: the prompts (a built-in set or one's
/// own), how many outputs are drawn per prompt and how long, the decoding (the paper's preset: temperature 1,
/// top-p 0.9), the BF-over-position windows and the seed. Each kind adds the models it reads.
/// </summary>
public abstract record PretrainedPromptSpec : ExperimentSpec
{
    /// <summary>Output tokens at most: the paper's limit.</summary>
    public const int MaxOutputLimit = 1024;

    [ExperimentParameter(ParameterGroup.Task, "Where the prompts come from: short story openings written for the workbench, random strings of the model's " +
        "vocabulary (the paper's synthetic task), or your own.")]
    public PromptSet PromptSet { get; init; } = PromptSet.StoryOpenings;

    [ExperimentParameter(ParameterGroup.Task, "Your prompts, one per value (uploaded from a file: one per line, JSONL with a \"prompt\" or \"text\" field, or CSV with a prompt column).",
        MinCount = 1, MaxCount = 1000, MaxLength = 20_000)]
    [AppliesWhen(nameof(PromptSet), PromptSet.Custom)]
    public IReadOnlyList<string>? Prompts { get; init => field = ValueList.Of(value); }

    [ExperimentParameter(ParameterGroup.Task, "Prompts drawn from the built-in set.", Min = 1, Max = 200)]
    [AppliesWhen(nameof(PromptSet), PromptSet.Custom, Not = true)]
    public int PromptCount { get; init; } = 8;

    [ExperimentParameter(ParameterGroup.Task, "Tokens of vocabulary each random string holds at least (the reference code: 256).", Min = 1, Max = 4096)]
    [AppliesWhen(nameof(PromptSet), PromptSet.RandomStrings)]
    public int RandomStringMinTokens { get; init; } = 256;

    [ExperimentParameter(ParameterGroup.Task, "Tokens of vocabulary each random string holds at most (the reference code: 512).",
        MinOf = nameof(RandomStringMinTokens), Max = 4096)]
    [AppliesWhen(nameof(PromptSet), PromptSet.RandomStrings)]
    public int RandomStringMaxTokens { get; init; } = 512;

    [ExperimentParameter(ParameterGroup.Evaluation, "Outputs drawn per prompt and model (M; the paper: 50).", Min = 1, Max = 1000)]
    public int SamplesPerPrompt { get; init; } = 50;

    [ExperimentParameter(ParameterGroup.Decoding, "Tokens each output has at most, its end token included (the paper: up to 1,024).", Min = 1, Max = MaxOutputLimit)]
    public int MaxOutputTokens { get; init; } = 256;

    [ExperimentParameter(ParameterGroup.Decoding, "Decoding temperature; 0 is greedy.", Min = 0, Max = 5)]
    public double Temperature { get; init; } = 1.0;

    [ExperimentParameter(ParameterGroup.Decoding, "Top-p (nucleus) threshold; 1 keeps every token (the paper's preset: 0.9).", Label = "Top-p", Min = 0, AboveMin = true, Max = 1)]
    public double TopP { get; init; } = 0.9;

    [ExperimentParameter(ParameterGroup.Decoding, "Keep only the k most likely tokens; 0 keeps every token.", Label = "Top-k", Min = 0, Max = 1000)]
    public int TopK { get; init; } = 0;

    [ExperimentParameter(ParameterGroup.Evaluation, "Output positions per window of the BF-over-position curve.", Min = 1, Max = 256)]
    public int WindowSize { get; init; } = 5;

    [ExperimentParameter(ParameterGroup.Evaluation, "A position enters the curve only if at least this many samples are still being written there.",
        Min = 1, MaxOf = nameof(SamplesPerPrompt))]
    public int MinAliveSamples { get; init; } = 10;

    [ExperimentParameter(ParameterGroup.Evaluation, "Seeds every random choice: the built-in prompts drawn and every token sampled.", Min = 0, Max = int.MaxValue)]
    public int Seed { get; init; } = 1;

    [JsonIgnore]
    public DecodingSettings Decoding => new(Temperature, TopP, TopK);

    /// <summary>"prompts" draws the built-in prompts, "sampling" every token written from the prompts.</summary>
    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds =>
        new[] { SeedStream.Prompts, SeedStream.Sampling }.Concat(ExtraStreams)
            .ToDictionary(stream => JsonNamingPolicy.CamelCase.ConvertName(stream.ToString()), stream => (long)SeedOf(stream));

    /// <summary>Streams a kind draws beyond the prompts and the samples (e.g. resampling's continuations).</summary>
    [JsonIgnore]
    private protected virtual IEnumerable<SeedStream> ExtraStreams => [];

    public int SeedOf(SeedStream stream) => SeedPlan.Derive(Seed, (int)stream);

    /// <summary>The models the kind reads, by the field that names each: its inputs.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<PretrainedModelInput> Models { get; }

    protected sealed override void CheckRules(SpecChecks errors)
    {
        errors.Check(PromptSet != PromptSet.Custom || Prompts is { Count: > 0 }, "prompts", "is required when the prompt set is custom: at least one prompt");
        if (PromptSet == PromptSet.Custom && Prompts is not null && !errors.Failed("prompts"))
        {
            var blank = Prompts.Select((prompt, index) => (prompt, index)).FirstOrDefault(item => string.IsNullOrWhiteSpace(item.prompt));
            errors.Check(blank.prompt is null, "prompts", $"value {blank.index + 1} is blank");
        }
        foreach (var field in ModelFields)
            if (!errors.Failed(field.Name) && ModelLibrary.NameProblem(field.Value) is { } problem && (field.Value is not null || field.Required))
                errors.Check(false, field.Name, problem);
        CheckStudy(errors);
    }

    /// <summary>Each model field, its value, and whether the kind needs it as the spec stands.</summary>
    [JsonIgnore]
    private protected abstract IEnumerable<(string Name, string? Value, bool Required)> ModelFields { get; }

    /// <summary>The kind's own rules beyond each parameter's range.</summary>
    private protected virtual void CheckStudy(SpecChecks errors) { }
}

/// <summary>The random streams of a run on pretrained models, each derived from its seed (<see cref="SeedPlan.Derive"/>).</summary>
public enum SeedStream { Prompts = 1, Sampling = 2, Resampling = 3 }
