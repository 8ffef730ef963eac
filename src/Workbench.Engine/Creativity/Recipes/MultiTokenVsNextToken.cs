using Workbench.Engine.Recipes;

namespace Workbench.Engine.Creativity.Recipes;

/// <summary>
/// Fig. 3/4 of Nagarajan et al. (algorithmic-creativity.md, "What the paper found"): teacherless multi-token
/// training and diffusion against next-token prediction, on all four tasks at their default sizes. 36 runs of
/// a few seconds each.
/// </summary>
public static class MultiTokenVsNextToken
{
    public const string Name = "multi-token-vs-next-token";

    public static Recipe Recipe { get; } = Create();

    private static Recipe Create()
    {
        var baseSpec = new CreativitySpec();
        var runs = Recipe.Grid(baseSpec,
            [.. Enum.GetValues<CreativityTask>().Select(task => Choice<CreativitySpec>.Of("task", task, spec => spec with { Task = task }))],
            [.. Enum.GetValues<TrainingObjective>().Select(objective => Choice<CreativitySpec>.Of("objective", objective, spec => spec with { Objective = objective }))],
            [.. Recipe.Seeds.Select(seed => Choice<CreativitySpec>.Of("seed", seed, spec => spec with { Seed = seed }))]);
        return new Recipe(Name, "Reproduce Fig. 3/4: multi-token vs next-token",
            "Trains next-token, teacherless and diffusion models on the four tasks (sibling, triangle, circle, line) over seeds 1–3 " +
            "at the default sizes. The paper's shape: multi-token objectives are more creative and memorise less than next-token prediction.",
            Recipe.AxesOf(runs), baseSpec, runs,
            [
                new BarPanel("Creativity", "task", "objective", ["creativity"]),
                new BarPanel("Memorization", "task", "objective", ["memorization"]),
            ]);
    }
}
