using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Recipes;

namespace Workbench.Runs.Grouping;

/// <summary>Everything a group will submit, every spec already valid: what <see cref="SubmitGroup"/> records.</summary>
/// <param name="Recipe">the recipe's name, or null for a sweep</param>
public sealed record GroupPlan(
    string Name, GroupKind Kind, string? Recipe, IReadOnlyList<GroupAxis> Axes, ExperimentSpec BaseSpec, IReadOnlyList<PlannedRun> Runs)
{
    /// <summary>What a recipe submits, as a group.</summary>
    public static GroupPlan Of(Recipe recipe) => new(recipe.Title, GroupKind.Recipe, recipe.Name,
        [.. recipe.Axes.Select(axis => new GroupAxis(axis.Name, axis.Values))], recipe.BaseSpec,
        [.. recipe.Runs.Select(run => new PlannedRun(run.Parameters, run.Spec))]);
}

/// <param name="Parameters">the value of each axis for this run</param>
public sealed record PlannedRun(IReadOnlyDictionary<string, JsonElement> Parameters, ExperimentSpec Spec);

public static class AxisValues
{
    /// <summary>How a value reads in tables and messages: strings bare, everything else as JSON.</summary>
    public static string Text(JsonElement value) => RecipeAxis.Text(value);
}
