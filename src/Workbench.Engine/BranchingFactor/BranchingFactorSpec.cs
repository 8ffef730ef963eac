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
    public const string Kind = "branchingFactor";

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

    /// <summary>One stream per purpose, each mixed from <see cref="AlignedPairSpec.Seed"/>; both models start from the same initial weights.</summary>
    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds => SeedsOf([
        AlignedPair.Stream.Language, AlignedPair.Stream.PretrainingData, AlignedPair.Stream.PreferredData, AlignedPair.Stream.Prompts,
        AlignedPair.Stream.PretrainingOrder, AlignedPair.Stream.FineTuningOrder, AlignedPair.Stream.Measurement]);

    private protected override void ValidateStudy(SpecChecks errors)
    {
        errors.Range(Temperature, 0, 5, "temperature");
        errors.Check(TopP is > 0 and <= 1, "topP", "must be above 0 and at most 1");
        errors.Range(TopK, 0, 1000, "topK");
        errors.Range(WindowSize, 1, 64, "windowSize");
        errors.Range(MinAliveSamples, 1, Math.Max(1, SamplesPerPrompt), "minAliveSamples");
        errors.Range(NudgeThreshold, 0, 1, "nudgeThreshold");
        if (CustomPrompts is not null) CheckLines(CustomPrompts, "customPrompts", "a prompt", MaxWords - 1, 1000, errors);
        if (PreferredCorpus is not null) CheckLines(PreferredCorpus, "preferredCorpus", "a sequence", MaxWords, 100_000, errors);
    }

    /// <summary>The custom prompts as token ids, each starting with the begin token; null when none are given.</summary>
    public override IReadOnlyList<int[]>? CustomPromptTokens(Tokens.Vocabulary vocabulary) =>
        CustomPrompts is null ? null : [.. Lines(CustomPrompts).Select(line => (int[])[Tokens.Vocabulary.Begin, .. vocabulary.Encode(line)])];

    /// <summary>The preferred corpus as token ids, each ending with the end token; null when none is given.</summary>
    public override IReadOnlyList<int[]>? PreferredCorpusTokens(Tokens.Vocabulary vocabulary) =>
        PreferredCorpus is null ? null : [.. Lines(PreferredCorpus).Select(line => (int[])[.. vocabulary.Encode(line), Tokens.Vocabulary.End])];

    /// <summary>Non-blank lines, trimmed.</summary>
    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);

    /// <summary>One error per field at most: the first bad line, so a long paste does not flood the form.</summary>
    private void CheckLines(string text, string field, string what, int maxWords, int maxLines, SpecChecks errors)
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
        if (problem is not null) errors.Check(false, field, problem);
    }

    private bool IsWord(string token) =>
        token.Length > 1 && token[0] == 'w' && token[1..].All(char.IsAsciiDigit) && (token.Length == 2 || token[1] != '0')
        && int.TryParse(token[1..], CultureInfo.InvariantCulture, out var index) && index < Words;

    /// <summary>The decoding both models are measured with.</summary>
    [JsonIgnore]
    public DecodingSettings Decoding => new(Temperature, TopP, TopK);
}
