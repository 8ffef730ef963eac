using Workbench.Engine.Recipes;

namespace Workbench.Engine.Creativity.Recipes;

/// <summary>
/// The seed-prefix-length ablation (algorithmic-creativity.md, "longer prefixes help more"): next-token models on the four
/// tasks trained with random prefixes of 0, 1, 2, 4, 8 and 16 tokens, over seeds 1–3, each decoded greedily and at
/// temperature 0.5, 1 and 2. 72 runs of a few seconds each.
/// </summary>
public static class SeedPrefixLength
{
    public const string Name = "seed-prefix-length";

    public static IReadOnlyList<int> Lengths { get; } = [0, 1, 2, 4, 8, 16];

    public static Recipe Recipe { get; } = Create();

    private static Recipe Create()
    {
        var baseSpec = new CreativitySpec { Temperature = 0, DecodeTemperatures = CreativityPresets.PaperTemperatures };
        var runs = Recipe.Grid(baseSpec,
            [.. Enum.GetValues<CreativityTask>().Select(task => Choice<CreativitySpec>.Of("task", task, spec => spec with { Task = task }))],
            [.. Lengths.Select(length => Choice<CreativitySpec>.Of("seedPrefixLength", length, spec => spec with { SeedPrefixLength = length }))],
            [.. Recipe.Seeds.Select(seed => Choice<CreativitySpec>.Of("seed", seed, spec => spec with { Seed = seed }))]);
        return new Recipe(Name, "Ablation: seed-prefix length",
            "Next-token training on the four tasks with seed prefixes of 0, 1, 2, 4, 8 and 16 random tokens (from 64), over seeds 1–3, each " +
            "model decoded greedily and at temperature 0.5, 1 and 2. The paper: longer prefixes help more, and with one greedy decoding " +
            "can be as creative as temperature sampling.",
            Recipe.AxesOf(runs), baseSpec, runs,
            [
                new BarPanel("Creativity with greedy decoding", "task", "seedPrefixLength", ["creativity"]),
                new BarPanel("Creativity at the best decoding setting", "task", "seedPrefixLength", ["creativity"], BestSettingBy: "creativity"),
                new BarPanel("Memorization with greedy decoding", "task", "seedPrefixLength", ["memorization"]),
            ]);
    }
}
