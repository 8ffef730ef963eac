using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// A branching-factor experiment (branching-factor.md), "base vs aligned": generate a broad synthetic language
/// and its preferred subset from <see cref="Seed"/>, pretrain a small transformer on the broad language
/// (the base model), fine-tune a copy on the preferred subset (the aligned model), and measure the BF of
/// both with the same prompts and decoding settings, by both estimators and over output position; then nudging
/// (the base model decoding, the aligned one writing where the base is unsure). The defaults run in well under
/// a minute on 2 CPU cores.
/// </summary>
public sealed record BranchingFactorSpec : ExperimentSpec
{
    public const string Kind = "branchingFactor";

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

    /// <summary>Decoding temperature: 0 (greedy) to 5.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Top-p (nucleus) threshold: above 0, at most 1 (1 keeps every token).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Top-k: 0 (keep every token) to 1000.</summary>
    public int TopK { get; init; } = 0;

    /// <summary>Output positions per window of the BF-over-position curves: 1 to 64.</summary>
    public int WindowSize { get; init; } = 2;

    /// <summary>A position enters the curves only if at least this many samples are alive there: 1 to <see cref="SamplesPerPrompt"/>.</summary>
    public int MinAliveSamples { get; init; } = 10;

    /// <summary>The reference code's variant of the estimators (top-k capped at 50, 95th-percentile length, AEP past 50 tokens).</summary>
    public bool PaperCompatible { get; init; }

    /// <summary>
    /// Nudging: the base model decodes, and where the top-1 probability of its decoding distribution is below
    /// this the aligned model writes the token: 0 (no nudging measured) to 1. The paper's common default is 0.4.
    /// </summary>
    public double NudgeThreshold { get; init; } = 0.4;

    /// <summary>
    /// Prompts of one's own, one per line: words of the language separated by spaces (e.g. "w3 w7"), without the
    /// begin token, 1 to <see cref="MaxWords"/> − 1 words each, at most 1000 lines. When given they replace the
    /// generated prompts, and <see cref="Prompts"/> and <see cref="PromptWords"/> are not used.
    /// </summary>
    public string? CustomPrompts { get; init; }

    /// <summary>
    /// A preferred corpus of one's own, one sequence per line: 1 to <see cref="MaxWords"/> words of the language
    /// separated by spaces, without the end token (it is added), at most 100000 lines. When given it replaces the
    /// sampled preferred subset as the fine-tuning data.
    /// </summary>
    public string? PreferredCorpus { get; init; }

    [JsonIgnore]
    public override string Title => "Branching factor: base vs aligned";

    /// <summary>One stream per purpose, each mixed from <see cref="Seed"/>; both models start from the same initial weights.</summary>
    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds =>
        Enum.GetValues<BranchingFactorExperiment.Stream>().ToDictionary(
            stream => JsonNamingPolicy.CamelCase.ConvertName(stream.ToString()),
            stream => (long)BranchingFactorExperiment.SeedFor(this, stream))
        .Append(new KeyValuePair<string, long>("initialisation", Seed))
        .ToDictionary();

    public override IReadOnlyList<SpecError> Validate()
    {
        var errors = new List<SpecError>();
        void Check(bool valid, string field, string message)
        {
            if (!valid) errors.Add(new SpecError(field, message));
        }
        void CheckRange(double value, double min, double max, string field) =>
            Check(value >= min && value <= max, field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));

        CheckRange(Words, 4, 500, "words");
        CheckRange(Continuations, 2, Math.Max(2, Words), "continuations");
        CheckRange(PreferredContinuations, 1, Math.Max(1, Continuations - 1), "preferredContinuations");
        CheckRange(EndProbability, 0.01, 0.5, "endProbability");
        CheckRange(MaxWords, 2, 64, "maxWords");
        CheckRange(PretrainingSequences, 1, 100_000, "pretrainingSequences");
        CheckRange(PreferredSequences, 1, 100_000, "preferredSequences");
        CheckRange(PretrainingSteps, 1, 100_000, "pretrainingSteps");
        CheckRange(FineTuningSteps, 1, 100_000, "fineTuningSteps");
        CheckRange(BatchSize, 1, 1024, "batchSize");
        CheckRange(Width, 8, 512, "width");
        CheckRange(Depth, 1, 12, "depth");
        CheckRange(Heads, 1, 16, "heads");
        Check(Heads < 1 || Width % Heads == 0, "heads", $"must divide the width ({Width})");
        Check(LearningRate is > 0 and <= 0.1, "learningRate", "must be above 0 and at most 0.1");
        Check(FineTuningLearningRate is > 0 and <= 0.1, "fineTuningLearningRate", "must be above 0 and at most 0.1");
        CheckRange(Seed, 0, int.MaxValue, "seed");
        CheckRange(Prompts, 1, 1000, "prompts");
        CheckRange(PromptWords, 1, Math.Max(1, MaxWords - 1), "promptWords");
        CheckRange(SamplesPerPrompt, 1, 10_000, "samplesPerPrompt");
        CheckRange(Temperature, 0, 5, "temperature");
        Check(TopP is > 0 and <= 1, "topP", "must be above 0 and at most 1");
        CheckRange(TopK, 0, 1000, "topK");
        CheckRange(WindowSize, 1, 64, "windowSize");
        CheckRange(MinAliveSamples, 1, Math.Max(1, SamplesPerPrompt), "minAliveSamples");
        CheckRange(NudgeThreshold, 0, 1, "nudgeThreshold");
        if (CustomPrompts is not null) CheckLines(CustomPrompts, "customPrompts", "a prompt", MaxWords - 1, 1000, errors);
        if (PreferredCorpus is not null) CheckLines(PreferredCorpus, "preferredCorpus", "a sequence", MaxWords, 100_000, errors);
        return errors;
    }

    /// <summary>The custom prompts as token ids, each starting with the begin token; null when none are given.</summary>
    public IReadOnlyList<int[]>? CustomPromptTokens(Tokens.Vocabulary vocabulary) =>
        CustomPrompts is null ? null : [.. Lines(CustomPrompts).Select(line => (int[])[Tokens.Vocabulary.Begin, .. vocabulary.Encode(line)])];

    /// <summary>The preferred corpus as token ids, each ending with the end token; null when none is given.</summary>
    public IReadOnlyList<int[]>? PreferredCorpusTokens(Tokens.Vocabulary vocabulary) =>
        PreferredCorpus is null ? null : [.. Lines(PreferredCorpus).Select(line => (int[])[.. vocabulary.Encode(line), Tokens.Vocabulary.End])];

    /// <summary>Non-blank lines, trimmed.</summary>
    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);

    /// <summary>One error per field at most: the first bad line, so a long paste does not flood the form.</summary>
    private void CheckLines(string text, string field, string what, int maxWords, int maxLines, List<SpecError> errors)
    {
        var lines = Lines(text).ToList();
        string? problem = lines.Count == 0 ? "has no lines; leave it out instead"
            : lines.Count > maxLines ? $"has {lines.Count} lines; at most {maxLines} are allowed"
            : null;
        for (var i = 0; problem is null && i < lines.Count; i++)
        {
            var words = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var unknown = words.FirstOrDefault(word => !IsWord(word));
            if (unknown is not null)
                problem = $"line {i + 1}: '{unknown}' is not a word of the language (w0 to w{Words - 1})";
            else if (words.Length > maxWords)
                problem = $"line {i + 1}: {words.Length} words; {what} has 1 to {maxWords}";
        }
        if (problem is not null) errors.Add(new SpecError(field, problem));
    }

    private bool IsWord(string token) =>
        token.Length > 1 && token[0] == 'w' && token[1..].All(char.IsAsciiDigit) && (token.Length == 2 || token[1] != '0')
        && int.TryParse(token[1..], CultureInfo.InvariantCulture, out var index) && index < Words;

    /// <summary>The language's parameters.</summary>
    [JsonIgnore]
    public SyntheticLanguageShape LanguageShape => new(Words, Continuations, PreferredContinuations, EndProbability, MaxWords);

    /// <summary>The decoding both models are measured with.</summary>
    [JsonIgnore]
    public DecodingSettings Decoding => new(Temperature, TopP, TopK);
}
