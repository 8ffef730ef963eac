using Workbench.Engine.Recipes;

namespace Workbench.Engine.Creativity.Recipes;

/// <summary>
/// Fig. 3/4 of Nagarajan et al. (algorithmic-creativity.md, "What the paper found"): the authors' hybrid teacherless training
/// and diffusion against next-token prediction, with the one-pass parallel teacherless objective beside them, on all four
/// tasks at their default sizes. Each run is trained once and decoded at the paper's sweep (temperature 0, 0.5, 1, 2 × top-k
/// off, 50), so the figure shows each method at its best setting, as the paper reports; it also scores a checkpoint every
/// 150 steps, for the best checkpoint. 48 runs of a few seconds each.
/// </summary>
public static class MultiTokenVsNextToken
{
    public const string Name = "multi-token-vs-next-token";

    public static IReadOnlyList<TrainingObjective> Objectives { get; } =
        [TrainingObjective.NextToken, TrainingObjective.Teacherless, TrainingObjective.Diffusion, TrainingObjective.TeacherlessParallel];

    /// <summary>Checkpoints scored during training: every this many of the 600 steps.</summary>
    public const int EvaluationEvery = 150;

    public static Recipe Recipe { get; } = Create();

    private static Recipe Create()
    {
        var baseSpec = new CreativitySpec
        {
            DecodeTemperatures = CreativityPresets.PaperTemperatures, DecodeTopKs = CreativityPresets.PaperTopKs, EvaluationEvery = EvaluationEvery,
        };
        var runs = Recipe.Grid(baseSpec,
            [.. Enum.GetValues<CreativityTask>().Select(task => Choice<CreativitySpec>.Of("task", task, spec => spec with { Task = task }))],
            [.. Objectives.Select(objective => Choice<CreativitySpec>.Of("objective", objective, spec => spec with { Objective = objective }))],
            [.. Recipe.Seeds.Select(seed => Choice<CreativitySpec>.Of("seed", seed, spec => spec with { Seed = seed }))]);
        return new Recipe(Name, "Reproduce Fig. 3/4: multi-token vs next-token",
            "Trains next-token, teacherless (the authors' hybrid: next-token examples plus teacherless copies, decoded autoregressively), " +
            "diffusion and one-pass parallel teacherless models on the four tasks over seeds 1–3 at the default sizes, decodes each at " +
            "temperature 0, 0.5, 1, 2 with and without top-k 50, and shows each method at its best setting (the highest mean creativity " +
            "over the seeds, named under each bar), at the final checkpoint. The paper's shape: multi-token objectives are more creative " +
            "and memorise less than next-token prediction.",
            Recipe.AxesOf(runs), baseSpec, runs,
            [
                new BarPanel("Creativity, each method at its best decoding setting", "task", "objective", ["creativity"], BestSettingBy: "creativity"),
                new BarPanel("Memorization at that setting", "task", "objective", ["memorization"], BestSettingBy: "creativity"),
                new BarPanel("Creativity as the authors score it, at the best setting by their score", "task", "objective", ["creativityReference"],
                    BestSettingBy: "creativityReference"),
                new BarPanel($"Creativity at the best of the checkpoints every {EvaluationEvery} steps (temperature 1)", "task", "objective", ["bestCheckpointCreativity"]),
            ]);
    }
}
