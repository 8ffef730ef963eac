using Workbench.Engine.Recipes;

namespace Workbench.Engine.BranchingFactor.Recipes;

/// <summary>
/// branching-factor.md, the whole set: base-vs-aligned BF (with nudging) at a short and a longer prompt, the same with
/// the paper's own decoding and estimators (<see cref="BranchingFactorSpec.PaperDefaults"/>), then the resampling,
/// decoding-sensitivity and factor-analysis studies, each over seeds 1–3; 18 runs of about a minute or less each. The
/// figure: BF of both models and their ratio, the factors' impact on BF, accuracy after resampling, and how much each
/// model's output validity moves with the decoding settings.
/// </summary>
public static class AlignmentShrinksHorizon
{
    public const string Name = "alignment-shrinks-horizon";

    /// <summary>The axis telling the measurements apart.</summary>
    public const string Measurement = "measurement";

    public const string Resampling = "resampling", DecodingSensitivity = "decoding sensitivity", FactorAnalysis = "factor analysis";

    /// <summary>Prompt words of the base-vs-aligned runs: one word, and four (a third of the default maximum length).</summary>
    public static IReadOnlyList<int> PromptLengths { get; } = [1, 4];

    public static Recipe Recipe { get; } = Create();

    public static string BaseVsAligned(int promptWords) => $"BF, {promptWords}-word prompts";

    /// <summary>The base-vs-aligned runs with the paper's decoding (top-p 0.9) and estimators, at the first prompt length.</summary>
    public static string PaperDecoding => $"BF, {PromptLengths[0]}-word prompts, paper decoding";

    private static Recipe Create()
    {
        var baseSpec = new BranchingFactorSpec();
        IReadOnlyList<RecipeRun> runs =
        [
            .. Recipe.Grid(baseSpec,
                [.. PromptLengths.Select(words => Choice<BranchingFactorSpec>.Of(Measurement, BaseVsAligned(words), spec => spec with { PromptWords = words }))],
                Seeds<BranchingFactorSpec>()),
            .. Recipe.Grid(BranchingFactorSpec.PaperDefaults with { PromptWords = PromptLengths[0] },
                [Choice<BranchingFactorSpec>.Of(Measurement, PaperDecoding, spec => spec)], Seeds<BranchingFactorSpec>()),
            .. Recipe.Grid(new ResamplingSpec(), [Choice<ResamplingSpec>.Of(Measurement, Resampling, spec => spec)], Seeds<ResamplingSpec>()),
            .. Recipe.Grid(new DecodingSensitivitySpec(), [Choice<DecodingSensitivitySpec>.Of(Measurement, DecodingSensitivity, spec => spec)], Seeds<DecodingSensitivitySpec>()),
            .. Recipe.Grid(new FactorAnalysisSpec(), [Choice<FactorAnalysisSpec>.Of(Measurement, FactorAnalysis, spec => spec)], Seeds<FactorAnalysisSpec>()),
        ];
        string[] baseVsAligned = [.. PromptLengths.Select(BaseVsAligned), PaperDecoding];
        return new Recipe(Name, "Reproduce: alignment shrinks the generative horizon",
            "Pretrains a base model on a broad synthetic language, fine-tunes an aligned copy on its preferred subset, and " +
            "measures both models' branching factor with the same prompts and decoding (and nudging), at prompts of 1 and 4 " +
            "words, and with the paper's decoding (top-p 0.9) and estimators; then the resampling, decoding-sensitivity and " +
            "factor-analysis studies; all over seeds 1–3. " +
            "The paper's shape: the aligned model's BF is several times lower, alignment is the factor that matters most, " +
            "and the low-BF model is the less sensitive to decoding.",
            Recipe.AxesOf(runs), baseSpec, runs,
            [
                new BarPanel("Branching factor, base vs aligned", Measurement, null, ["baseBf", "alignedBf", "nudgedBf"], baseVsAligned),
                new BarPanel("Branching factor as the paper's figures plot it (ebf_perplexity)", Measurement, null,
                    ["baseEbfPerplexity", "alignedEbfPerplexity", "nudgedEbfPerplexity"], baseVsAligned),
                new BarPanel("BF ratio (base / aligned)", Measurement, null, ["bfRatio"], baseVsAligned),
                new BarPanel("Impact of each factor on BF (%, the paper's Pareto analysis)", Measurement, null,
                    ["alignmentParetoImpact", "promptLengthParetoImpact", "modelSizeParetoImpact"], [FactorAnalysis]),
                new BarPanel("Accuracy of aligned outputs, resampled after 25% / 75% of their length", Measurement, null,
                    ["accuracyBefore", "accuracyAfterCutAt25Aligned", "accuracyAfterCutAt75Aligned", "accuracyAfterCutAt25Base", "accuracyAfterCutAt75Base"], [Resampling]),
                new BarPanel("Spread of output validity over temperatures (std)", Measurement, null,
                    ["baseValidityStdOverTemperature", "alignedValidityStdOverTemperature"], [DecodingSensitivity]),
            ]);
    }

    private static Choice<TSpec>[] Seeds<TSpec>() where TSpec : AlignedPairSpec =>
        [.. Recipe.Seeds.Select(seed => Choice<TSpec>.Of("seed", seed, spec => spec with { Seed = seed }))];
}
