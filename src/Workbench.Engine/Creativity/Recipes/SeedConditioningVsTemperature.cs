using Workbench.Engine.Recipes;

namespace Workbench.Engine.Creativity.Recipes;

/// <summary>
/// Fig. 5/6 of Nagarajan et al. (algorithmic-creativity.md, "Randomness and decoding"): randomness at the output
/// (no prefix, temperature sampling) against randomness at the input (a seed prefix, greedy decoding), for next-token and
/// (hybrid) teacherless training, on all four tasks over seeds 1–3. Every run is decoded at the paper's sweep; the
/// seed-conditioned ones also with the prefix fixed (one prefix for every sample), so that the prefix's own contribution
/// shows. 48 runs of a few seconds each.
/// </summary>
public static class SeedConditioningVsTemperature
{
    public const string Name = "seed-conditioning-vs-temperature";

    /// <summary>Prefix tokens per sequence: long enough to tell many answers apart ("longer prefixes help more").</summary>
    public const int PrefixLength = 8;

    public static Recipe Recipe { get; } = Create();

    private static Recipe Create()
    {
        var baseSpec = new CreativitySpec { DecodeTemperatures = CreativityPresets.PaperTemperatures, DecodeTopKs = CreativityPresets.PaperTopKs };
        Choice<CreativitySpec> Method(string label, TrainingObjective objective, bool seedConditioned) =>
            Choice<CreativitySpec>.Of("method", label, spec => spec with
            {
                Objective = objective,
                SeedPrefixLength = seedConditioned ? PrefixLength : 0,
                Temperature = seedConditioned ? 0 : 1,
                DecodeWithFixedPrefix = seedConditioned,
            });
        var runs = Recipe.Grid(baseSpec,
            [.. Enum.GetValues<CreativityTask>().Select(task => Choice<CreativitySpec>.Of("task", task, spec => spec with { Task = task }))],
            [
                Method("next-token", TrainingObjective.NextToken, seedConditioned: false),
                Method("next-token, seed-conditioned", TrainingObjective.NextToken, seedConditioned: true),
                Method("teacherless", TrainingObjective.Teacherless, seedConditioned: false),
                Method("teacherless, seed-conditioned", TrainingObjective.Teacherless, seedConditioned: true),
            ],
            [.. Recipe.Seeds.Select(seed => Choice<CreativitySpec>.Of("seed", seed, spec => spec with { Seed = seed }))]);
        return new Recipe(Name, "Reproduce Fig. 5/6: seed-conditioning vs temperature",
            $"Next-token and teacherless (hybrid) training on the four tasks over seeds 1–3, each either without a prefix or seed-conditioned " +
            $"({PrefixLength} random prefix tokens), every model decoded at temperature 0, 0.5, 1, 2 with and without top-k 50 (the " +
            "seed-conditioned ones also with one fixed prefix for all samples). Shown: each method at its best setting, and greedy decoding. " +
            "The paper's shape: seed-conditioning with greedy decoding matches or beats temperature sampling, most of all on the exploratory tasks.",
            Recipe.AxesOf(runs), baseSpec, runs,
            [
                new BarPanel("Creativity, each method at its best decoding setting", "task", "method", ["creativity"], BestSettingBy: "creativity"),
                new BarPanel("Memorization at that setting", "task", "method", ["memorization"], BestSettingBy: "creativity"),
                new BarPanel("Creativity with greedy decoding (fresh prefixes for the seed-conditioned)", "task", "method",
                    [new CreativityDecodingSetting(0, 0).MetricName("creativity")]),
            ]);
    }
}
