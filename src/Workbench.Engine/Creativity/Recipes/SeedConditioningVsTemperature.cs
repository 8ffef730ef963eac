using Workbench.Engine.Recipes;

namespace Workbench.Engine.Creativity.Recipes;

/// <summary>
/// Fig. 5/6 of Nagarajan et al. (algorithmic-creativity.md, "Randomness and decoding"): randomness at the output
/// (no prefix, temperature 1) against randomness at the input (a seed prefix, greedy decoding), for next-token and
/// teacherless training, on all four tasks over seeds 1–3. 48 runs of a few seconds each.
/// </summary>
public static class SeedConditioningVsTemperature
{
    public const string Name = "seed-conditioning-vs-temperature";

    /// <summary>Prefix tokens per sequence: long enough to tell many answers apart ("longer prefixes help more").</summary>
    public const int PrefixLength = 8;

    public static Recipe Recipe { get; } = Create();

    private static Recipe Create()
    {
        var baseSpec = new CreativitySpec();
        Choice<CreativitySpec> Method(string label, TrainingObjective objective, bool seedConditioned) =>
            Choice<CreativitySpec>.Of("method", label, spec => spec with
            {
                Objective = objective,
                SeedPrefixLength = seedConditioned ? PrefixLength : 0,
                Temperature = seedConditioned ? 0 : 1,
            });
        var runs = Recipe.Grid(baseSpec,
            [.. Enum.GetValues<CreativityTask>().Select(task => Choice<CreativitySpec>.Of("task", task, spec => spec with { Task = task }))],
            [
                Method("next-token, temperature 1", TrainingObjective.NextToken, seedConditioned: false),
                Method("next-token, seed-conditioned, greedy", TrainingObjective.NextToken, seedConditioned: true),
                Method("teacherless, temperature 1", TrainingObjective.Teacherless, seedConditioned: false),
                Method("teacherless, seed-conditioned, greedy", TrainingObjective.Teacherless, seedConditioned: true),
            ],
            [.. Recipe.Seeds.Select(seed => Choice<CreativitySpec>.Of("seed", seed, spec => spec with { Seed = seed }))]);
        return new Recipe(Name, "Reproduce Fig. 5/6: seed-conditioning vs temperature",
            $"Next-token and teacherless training on the four tasks over seeds 1–3, each either without a prefix and sampled at " +
            $"temperature 1, or seed-conditioned ({PrefixLength} random prefix tokens) and decoded greedily. The paper's shape: " +
            "seed-conditioning with greedy decoding matches or beats temperature sampling, most of all on the exploratory tasks.",
            Recipe.AxesOf(runs), baseSpec, runs,
            [
                new BarPanel("Creativity", "task", "method", ["creativity"]),
                new BarPanel("Memorization", "task", "method", ["memorization"]),
            ]);
    }
}
