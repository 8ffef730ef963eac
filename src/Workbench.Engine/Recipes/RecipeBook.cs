using Workbench.Engine.BranchingFactor.Recipes;
using Workbench.Engine.Creativity.Recipes;

namespace Workbench.Engine.Recipes;

/// <summary>Every recipe, in the order the UI lists them; a new one joins with one more entry here.</summary>
public static class RecipeBook
{
    public static IReadOnlyList<Recipe> All { get; } =
    [
        MultiTokenVsNextToken.Recipe,
        SeedConditioningVsTemperature.Recipe,
        SeedPrefixLength.Recipe,
        AlignmentShrinksHorizon.Recipe,
        DiversityQualityFrontier.Recipe,
    ];

    public static Recipe? Find(string name) => All.FirstOrDefault(recipe => recipe.Name == name);
}
