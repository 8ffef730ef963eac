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
    [ExperimentParameter(ParameterGroup.Task, "Word tokens of the synthetic language.", Min = 4, Max = 500)]
    public int Words { get; init; } = 24;

    [ExperimentParameter(ParameterGroup.Task, "Words that may follow each word in the broad language.", Min = 2, MaxOf = nameof(Words))]
    public int Continuations { get; init; } = 8;

    [ExperimentParameter(ParameterGroup.Task, "Continuations of each word the preferred subset keeps: what alignment narrows the language to.",
        Min = 1, MaxOf = nameof(Continuations), MaxOffset = -1)]
    public int PreferredContinuations { get; init; } = 2;

    [ExperimentParameter(ParameterGroup.Task, "Chance a sequence ends after each word.", Min = 0.01, Max = 0.5)]
    public double EndProbability { get; init; } = 0.1;

    [ExperimentParameter(ParameterGroup.Task, "Words per sequence at most.", Min = 2, Max = 64)]
    public int MaxWords { get; init; } = 12;

    [ExperimentParameter(ParameterGroup.Training, "Broad sequences the base model is pretrained on.", Min = 1, Max = 100_000)]
    public int PretrainingSequences { get; init; } = 4000;

    [ExperimentParameter(ParameterGroup.Training, "Preferred sequences the aligned copy is fine-tuned on.", Min = 1, Max = 100_000)]
    public int PreferredSequences { get; init; } = 500;

    [ExperimentParameter(ParameterGroup.Training, "Pretraining optimisation steps.", Min = 1, Max = 100_000)]
    public int PretrainingSteps { get; init; } = 1200;

    [ExperimentParameter(ParameterGroup.Training, "Fine-tuning optimisation steps.", Min = 1, Max = 100_000)]
    public int FineTuningSteps { get; init; } = 300;

    [ExperimentParameter(ParameterGroup.Training, "Training sequences per step, in both phases.", Min = 1, Max = 1024)]
    public int BatchSize { get; init; } = 32;

    [ExperimentParameter(ParameterGroup.Model, "Channels of each token's representation; divisible by the heads.", Min = 8, Max = 512)]
    public int Width { get; init; } = 48;

    [ExperimentParameter(ParameterGroup.Model, "Transformer blocks.", Min = 1, Max = 12)]
    public int Depth { get; init; } = 2;

    [ExperimentParameter(ParameterGroup.Model, "Attention heads per block; they divide the width.", Min = 1, Max = 16)]
    public int Heads { get; init; } = 4;

    [ExperimentParameter(ParameterGroup.Training, "AdamW's learning rate for pretraining, constant.", Min = 0, AboveMin = true, Max = 0.1)]
    public double LearningRate { get; init; } = 3e-3;

    [ExperimentParameter(ParameterGroup.Training, "AdamW's learning rate for fine-tuning, constant.", Min = 0, AboveMin = true, Max = 0.1)]
    public double FineTuningLearningRate { get; init; } = 1e-3;

    [ExperimentParameter(ParameterGroup.Task, "Seeds every random choice: language, data, prompts, initial weights, batch order, sampling.", Min = 0, Max = int.MaxValue)]
    public int Seed { get; init; } = 1;

    [ExperimentParameter(ParameterGroup.Evaluation, "Prompts BF is measured on; the task's BF is their mean.", Min = 1, Max = 1000)]
    public int Prompts { get; init; } = 8;

    [ExperimentParameter(ParameterGroup.Evaluation, "Words of the broad language in each prompt, after the begin token.", Min = 1, MaxOf = nameof(MaxWords), MaxOffset = -1)]
    public int PromptWords { get; init; } = 2;

    [ExperimentParameter(ParameterGroup.Evaluation, "Outputs drawn per prompt and model (M).", Min = 1, Max = 10_000)]
    public int SamplesPerPrompt { get; init; } = 50;

    protected sealed override void CheckRules(SpecChecks errors)
    {
        errors.Check(Heads < 1 || Width % Heads == 0, "heads", $"must divide the width ({Width})");
        CheckStudy(errors);
    }

    /// <summary>The study's own rules beyond each parameter's range.</summary>
    private protected virtual void CheckStudy(SpecChecks errors) { }

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
