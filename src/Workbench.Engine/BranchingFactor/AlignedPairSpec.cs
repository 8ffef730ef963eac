using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// What every branching-factor study shares (branching-factor.md, last paragraph): a broad synthetic language and
/// its preferred subset drawn from <see cref="Seed"/>, a small transformer pretrained on the broad language (the base
/// model), a copy fine-tuned on the preferred subset (the aligned model), and the prompts both are measured on.
/// Each study (base vs aligned, resampling, decoding sensitivity, factor analysis) adds its own parameters.
/// </summary>
public abstract record AlignedPairSpec : ExperimentSpec
{
    /// <summary>Word tokens of the synthetic language: 4 to 500.</summary>
    public int Words { get; init; } = 24;

    /// <summary>Words that may follow each word in the broad language: 2 to <see cref="Words"/>.</summary>
    public int Continuations { get; init; } = 8;

    /// <summary>Continuations the preferred subset keeps: 1 to <see cref="Continuations"/> − 1.</summary>
    public int PreferredContinuations { get; init; } = 2;

    /// <summary>Chance a sequence ends after each word: 0.01 to 0.5.</summary>
    public double EndProbability { get; init; } = 0.1;

    /// <summary>Words per sequence at most: 2 to 64.</summary>
    public int MaxWords { get; init; } = 12;

    /// <summary>Broad sequences to pretrain on: 1 to 100000.</summary>
    public int PretrainingSequences { get; init; } = 4000;

    /// <summary>Preferred sequences to fine-tune on: 1 to 100000.</summary>
    public int PreferredSequences { get; init; } = 500;

    /// <summary>Pretraining optimisation steps: 1 to 100000.</summary>
    public int PretrainingSteps { get; init; } = 1200;

    /// <summary>Fine-tuning optimisation steps: 1 to 100000.</summary>
    public int FineTuningSteps { get; init; } = 300;

    /// <summary>Training sequences per step, in both phases: 1 to 1024.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Channels of each token's representation: 8 to 512, divisible by <see cref="Heads"/>.</summary>
    public int Width { get; init; } = 48;

    /// <summary>Transformer blocks: 1 to 12.</summary>
    public int Depth { get; init; } = 2;

    /// <summary>Attention heads per block: 1 to 16, dividing <see cref="Width"/>.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>AdamW's learning rate for pretraining, constant: above 0, at most 0.1.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>AdamW's learning rate for fine-tuning, constant: above 0, at most 0.1.</summary>
    public double FineTuningLearningRate { get; init; } = 1e-3;

    /// <summary>Seeds every random choice (language, data, prompts, initial weights, batch order, sampling): 0 to 2147483647.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Prompts BF is measured on (the task's BF is their mean): 1 to 1000.</summary>
    public int Prompts { get; init; } = 8;

    /// <summary>Words of the broad language in each prompt, after the begin token: 1 to <see cref="MaxWords"/> − 1.</summary>
    public int PromptWords { get; init; } = 2;

    /// <summary>Outputs drawn per prompt and model (M): 1 to 10000.</summary>
    public int SamplesPerPrompt { get; init; } = 50;

    /// <summary>Every problem with the parameters: the shared ones, then the study's own.</summary>
    public sealed override IReadOnlyList<SpecError> Validate()
    {
        var errors = new SpecChecks();
        errors.Range(Words, 4, 500, "words");
        errors.Range(Continuations, 2, Math.Max(2, Words), "continuations");
        errors.Range(PreferredContinuations, 1, Math.Max(1, Continuations - 1), "preferredContinuations");
        errors.Range(EndProbability, 0.01, 0.5, "endProbability");
        errors.Range(MaxWords, 2, 64, "maxWords");
        errors.Range(PretrainingSequences, 1, 100_000, "pretrainingSequences");
        errors.Range(PreferredSequences, 1, 100_000, "preferredSequences");
        errors.Range(PretrainingSteps, 1, 100_000, "pretrainingSteps");
        errors.Range(FineTuningSteps, 1, 100_000, "fineTuningSteps");
        errors.Range(BatchSize, 1, 1024, "batchSize");
        errors.Range(Width, 8, 512, "width");
        errors.Range(Depth, 1, 12, "depth");
        errors.Range(Heads, 1, 16, "heads");
        errors.Check(Heads < 1 || Width % Heads == 0, "heads", $"must divide the width ({Width})");
        errors.Check(LearningRate is > 0 and <= 0.1, "learningRate", "must be above 0 and at most 0.1");
        errors.Check(FineTuningLearningRate is > 0 and <= 0.1, "fineTuningLearningRate", "must be above 0 and at most 0.1");
        errors.Range(Seed, 0, int.MaxValue, "seed");
        errors.Range(Prompts, 1, 1000, "prompts");
        errors.Range(PromptWords, 1, Math.Max(1, MaxWords - 1), "promptWords");
        errors.Range(SamplesPerPrompt, 1, 10_000, "samplesPerPrompt");
        ValidateStudy(errors);
        return errors.Errors;
    }

    /// <exception cref="ArgumentException">the spec is invalid: every error, each naming its field</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid spec: " + string.Join("; ", errors.Select(error => $"{error.Field} {error.Message}")));
    }

    /// <summary>The study's own parameters.</summary>
    private protected abstract void ValidateStudy(SpecChecks errors);

    /// <summary>Prompts of one's own as token ids, each starting with the begin token; null: generate them.</summary>
    public virtual IReadOnlyList<int[]>? CustomPromptTokens(Vocabulary vocabulary) => null;

    /// <summary>A preferred corpus of one's own as token ids, each ending with the end token; null: sample the preferred subset.</summary>
    public virtual IReadOnlyList<int[]>? PreferredCorpusTokens(Vocabulary vocabulary) => null;

    /// <summary>The spec whose model shape a checkpoint of this run was trained in: this one, unless a study trains several sizes.</summary>
    public virtual AlignedPairSpec ShapeOf(string checkpoint) => this;

    /// <summary>The language's parameters.</summary>
    [JsonIgnore]
    public SyntheticLanguageShape LanguageShape => new(Words, Continuations, PreferredContinuations, EndProbability, MaxWords);

    /// <summary>The seeds of the given streams, each mixed from <see cref="Seed"/>, and the initial weights' seed.</summary>
    private protected IReadOnlyDictionary<string, long> SeedsOf(IEnumerable<AlignedPair.Stream> streams) =>
        streams.ToDictionary(
            stream => JsonNamingPolicy.CamelCase.ConvertName(stream.ToString()),
            stream => (long)AlignedPair.SeedFor(this, stream))
        .Append(new KeyValuePair<string, long>("initialisation", Seed))
        .ToDictionary();
}

/// <summary>Collects a spec's errors, each naming its field.</summary>
internal sealed class SpecChecks
{
    public List<SpecError> Errors { get; } = [];

    public void Check(bool valid, string field, string message)
    {
        if (!valid) Errors.Add(new SpecError(field, message));
    }

    public void Range(double value, double min, double max, string field) =>
        Check(value >= min && value <= max, field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
}
