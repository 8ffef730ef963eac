using System.Globalization;
using System.Text.Json.Serialization;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// A branching-factor experiment (branching-factor.md), "base vs aligned": generate a broad synthetic language
/// and its preferred subset from <see cref="AlignedPairSpec.Seed"/>, pretrain a small transformer on the broad language
/// (the base model), fine-tune a copy on the preferred subset (the aligned model), and measure the BF of
/// both with the same prompts and decoding settings, by both estimators and over output position; then nudging
/// (the base model decoding, the aligned one writing where the base is unsure). The defaults run in well under
/// a minute on 2 CPU cores.
/// </summary>
public sealed record BranchingFactorSpec : AlignedPairSpec
{
    [ExperimentParameter(ParameterGroup.Decoding, "Decoding temperature; 0 is greedy.", Min = 0, Max = 5)]
    public double Temperature { get; init; } = 1.0;

    [ExperimentParameter(ParameterGroup.Decoding, "Top-p (nucleus) threshold: keep the most likely tokens until their probability reaches it; 1 keeps every token (the paper's default is 0.9).",
        Label = "Top-p", Min = 0, AboveMin = true, Max = 1)]
    public double TopP { get; init; } = 1.0;

    [ExperimentParameter(ParameterGroup.Decoding, "Keep only the k most likely tokens; 0 keeps every token.", Label = "Top-k", Min = 0, Max = 1000)]
    public int TopK { get; init; } = 0;

    [ExperimentParameter(ParameterGroup.Evaluation, "Output positions per window of the BF-over-position curves.", Min = 1, Max = 64)]
    public int WindowSize { get; init; } = 2;

    [ExperimentParameter(ParameterGroup.Evaluation, "A position enters the curves only if at least this many samples are still being written there.",
        Min = 1, MaxOf = nameof(SamplesPerPrompt))]
    public int MinAliveSamples { get; init; } = 10;

    [ExperimentParameter(ParameterGroup.Evaluation,
        "BF as the authors' code computes it: entropy of the top 50 log-probabilities within top-p, per-position means up to the 95th-percentile length " +
        "while more than 3 samples are alive, the NLL estimator past 50 positions; needs at least 4 samples per prompt.",
        Label = "Paper-compatible estimators")]
    public bool PaperCompatible { get; init; }

    [ExperimentParameter(ParameterGroup.Decoding,
        "Nudging: the base model decodes, and where its top token's probability is below this the aligned model writes the token; 0 measures no nudging (the paper's common default is 0.4).",
        Min = 0, Max = 1)]
    public double NudgeThreshold { get; init; } = 0.4;

    [ExperimentParameter(ParameterGroup.Evaluation,
        "Prompts of one's own, one per item: words of the language separated by spaces (e.g. \"w3 w7\"), without the begin token; they replace the generated prompts.",
        MinCount = 1, MaxCount = 1000, MaxLength = 1000)]
    public IReadOnlyList<string>? CustomPrompts { get; init => field = ValueList.Of(value); }

    [ExperimentParameter(ParameterGroup.Training,
        "A preferred corpus of one's own, one sequence per item: words of the language separated by spaces, without the end token; it replaces the sampled preferred subset as the fine-tuning data.",
        MinCount = 1, MaxCount = 100_000, MaxLength = 1000)]
    public IReadOnlyList<string>? PreferredCorpus { get; init => field = ValueList.Of(value); }

    /// <summary>
    /// The paper's own setting (branching-factor.md, "Defaults"): top-p 0.9 at temperature 1, 50 samples per prompt, the
    /// paper-compatible estimators; everything else at its default. The recipe measures it beside the plain setting.
    /// </summary>
    public static BranchingFactorSpec PaperDefaults { get; } = new() { Temperature = 1, TopP = 0.9, TopK = 0, SamplesPerPrompt = 50, PaperCompatible = true };

    [JsonIgnore]
    public override string Title => "Branching factor: base vs aligned";

    /// <summary>One stream per purpose, each mixed from <see cref="AlignedPairSpec.Seed"/>; both models start from the same initial weights.</summary>
    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds => SeedsOf([
        AlignedPair.Stream.Language, AlignedPair.Stream.PretrainingData, AlignedPair.Stream.PreferredData, AlignedPair.Stream.Prompts,
        AlignedPair.Stream.PretrainingOrder, AlignedPair.Stream.FineTuningOrder, AlignedPair.Stream.Measurement]);

    private protected override void CheckStudy(SpecChecks errors)
    {
        errors.Check(!PaperCompatible || SamplesPerPrompt > ReferenceBranchingFactor.TooFewAlive, "samplesPerPrompt",
            $"must be at least {ReferenceBranchingFactor.TooFewAlive + 1} with the paper-compatible estimators (they stop where at most {ReferenceBranchingFactor.TooFewAlive} samples are alive)");
        if (CustomPrompts is not null && !errors.Failed("customPrompts")) CheckWords(CustomPrompts, "customPrompts", "a prompt", MaxWords - 1, errors);
        if (PreferredCorpus is not null && !errors.Failed("preferredCorpus")) CheckWords(PreferredCorpus, "preferredCorpus", "a sequence", MaxWords, errors);
    }

    /// <summary>The custom prompts as token ids, each starting with the begin token; null when none are given.</summary>
    public override IReadOnlyList<int[]>? CustomPromptTokens(Tokens.Vocabulary vocabulary) =>
        CustomPrompts is null ? null : [.. CustomPrompts.Select(line => (int[])[Tokens.Vocabulary.Begin, .. vocabulary.Encode(line.Trim())])];

    /// <summary>The preferred corpus as token ids, each ending with the end token; null when none is given.</summary>
    public override IReadOnlyList<int[]>? PreferredCorpusTokens(Tokens.Vocabulary vocabulary) =>
        PreferredCorpus is null ? null : [.. PreferredCorpus.Select(line => (int[])[.. vocabulary.Encode(line.Trim()), Tokens.Vocabulary.End])];

    /// <summary>One error per field at most: the first bad item, so a long paste does not flood the form.</summary>
    private void CheckWords(IReadOnlyList<string> items, string field, string what, int maxWords, SpecChecks errors)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var words = items[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var unknown = words.FirstOrDefault(word => !IsWord(word));
            var problem = words.Length == 0 ? "is empty"
                : unknown is not null ? $"'{unknown}' is not a word of the language (w0 to w{Words - 1})"
                : words.Length > maxWords ? $"has {words.Length} words; {what} has 1 to {maxWords}"
                : null;
            if (problem is null) continue;
            errors.Check(false, field, $"value {i + 1} {problem}");
            return;
        }
    }

    private bool IsWord(string token) =>
        token.Length > 1 && token[0] == 'w' && token[1..].All(char.IsAsciiDigit) && (token.Length == 2 || token[1] != '0')
        && int.TryParse(token[1..], CultureInfo.InvariantCulture, out var index) && index < Words;

    /// <summary>The decoding both models are measured with.</summary>
    [JsonIgnore]
    public DecodingSettings Decoding => new(Temperature, TopP, TopK);
}
