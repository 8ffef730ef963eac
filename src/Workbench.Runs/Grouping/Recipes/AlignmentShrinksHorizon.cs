using Workbench.Engine.BranchingFactor;

namespace Workbench.Runs.Grouping.Recipes;

/// <summary>
/// branching-factor.md: an aligned model's branching factor is far below its base model's, by the same estimator
/// and decoding. Base-vs-aligned runs over seeds 1–3 at a short and a longer prompt; 6 runs of well under a minute.
/// </summary>
public static class AlignmentShrinksHorizon
{
    public const string Name = "alignment-shrinks-horizon";

    /// <summary>Prompt words measured: one word, and four (a third of the default maximum length).</summary>
    public static IReadOnlyList<int> PromptLengths { get; } = [1, 4];

    public static Recipe Recipe { get; } = Create();

    private static Recipe Create()
    {
        var baseSpec = new BranchingFactorSpec();
        // More branching-factor measurements (other experiment kinds) join as further specs on their own axis,
        // with panels for their metrics.
        var runs = Recipe.Grid(baseSpec,
            [.. PromptLengths.Select(words => Choice<BranchingFactorSpec>.Of("promptWords", words, spec => spec with { PromptWords = words }))],
            [.. Recipe.Seeds.Select(seed => Choice<BranchingFactorSpec>.Of("seed", seed, spec => spec with { Seed = seed }))]);
        return new Recipe(Name, "Reproduce: alignment shrinks the generative horizon",
            "Pretrains a base model on a broad synthetic language, fine-tunes an aligned copy on its preferred subset, and measures " +
            "both models' branching factor with the same prompts and decoding, over seeds 1–3 at prompts of 1 and 4 words. " +
            "The paper's shape: the aligned model's BF is several times lower.",
            Recipe.AxesOf(runs), baseSpec, runs,
            [
                new BarPanel("Branching factor, base vs aligned", "promptWords", null, ["baseBf", "alignedBf"]),
                new BarPanel("BF ratio (base / aligned)", "promptWords", null, ["bfRatio"]),
            ]);
    }
}
