using Workbench.Engine.Recipes;

namespace Workbench.Engine.Creativity.Recipes;

/// <summary>
/// Beyond the paper (algorithmic-creativity.md, "Randomness and decoding"): how quality (coherence) trades against
/// diversity (uniqueness) as the sampling temperature rises, for next-token and diffusion models on line
/// construction. 30 runs of a few seconds each.
/// </summary>
public static class DiversityQualityFrontier
{
    public const string Name = "diversity-quality-frontier";

    /// <summary>The paper's temperatures and one between: 0 is greedy decoding.</summary>
    public static IReadOnlyList<double> Temperatures { get; } = [0, 0.5, 1, 1.5, 2];

    public static IReadOnlyList<TrainingObjective> Objectives { get; } = [TrainingObjective.NextToken, TrainingObjective.Diffusion];

    public static Recipe Recipe { get; } = Create();

    private static Recipe Create()
    {
        var baseSpec = new CreativitySpec { Task = CreativityTask.LineConstruction };
        var runs = Recipe.Grid(baseSpec,
            [.. Objectives.Select(objective => Choice<CreativitySpec>.Of("objective", objective, spec => spec with { Objective = objective }))],
            [.. Temperatures.Select(temperature => Choice<CreativitySpec>.Of("temperature", temperature, spec => spec with { Temperature = temperature }))],
            [.. Recipe.Seeds.Select(seed => Choice<CreativitySpec>.Of("seed", seed, spec => spec with { Seed = seed }))]);
        return new Recipe(Name, "Beyond the paper: the diversity/quality frontier over temperature",
            "Trains next-token and diffusion models on line construction over seeds 1–3 and samples each at temperatures 0 (greedy), " +
            "0.5, 1, 1.5 and 2. Coherence is quality, uniqueness diversity, creativity what survives both: where on the frontier " +
            "does each objective sit, and where is its creativity highest?",
            Recipe.AxesOf(runs), baseSpec, runs,
            [
                new BarPanel("Creativity", "temperature", "objective", ["creativity"]),
                new BarPanel("Coherence (quality)", "temperature", "objective", ["coherence"]),
                new BarPanel("Uniqueness (diversity)", "temperature", "objective", ["uniqueness"]),
            ]);
    }
}
