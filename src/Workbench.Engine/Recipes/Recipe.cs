using System.Text.Json;

namespace Workbench.Engine.Recipes;

/// <summary>
/// A named study a researcher starts with one click: the runs it submits, each labelled with its place in the
/// study (e.g. task, method, seed), and the figure drawn from their results. Plain data: the workbench submits the
/// runs as one group.
/// </summary>
/// <param name="Name">the recipe's address, e.g. "multi-token-vs-next-token" (POST /api/recipes/{name})</param>
/// <param name="Axes">the labels that tell the runs apart, with their values in the order the figure shows them</param>
/// <param name="BaseSpec">the spec the runs start from, recorded with the group</param>
public sealed record Recipe(
    string Name, string Title, string Description, IReadOnlyList<RecipeAxis> Axes, ExperimentSpec BaseSpec,
    IReadOnlyList<RecipeRun> Runs, IReadOnlyList<BarPanel> Figure)
{
    /// <summary>Seeds every recipe repeats its runs over, for mean ± std.</summary>
    public static IReadOnlyList<int> Seeds { get; } = [1, 2, 3];

    /// <summary>Every combination of the labelled choices, each applied to the base spec in turn.</summary>
    /// <param name="choices">per axis, its values with what each does to the spec</param>
    public static IReadOnlyList<RecipeRun> Grid<TSpec>(TSpec baseSpec, params Choice<TSpec>[][] choices) where TSpec : ExperimentSpec
    {
        IEnumerable<(Dictionary<string, JsonElement> Parameters, TSpec Spec)> runs = [([], baseSpec)];
        foreach (var axis in choices)
            runs = runs.SelectMany(run => axis.Select(choice =>
                (new Dictionary<string, JsonElement>(run.Parameters) { [choice.Axis] = choice.Value }, choice.Apply(run.Spec))));
        return [.. runs.Select(run => new RecipeRun(run.Parameters, run.Spec))];
    }

    /// <summary>The axes of a grid of runs, their values in first-seen order.</summary>
    public static IReadOnlyList<RecipeAxis> AxesOf(IReadOnlyList<RecipeRun> runs) =>
        [.. runs[0].Parameters.Keys.Select(axis => new RecipeAxis(axis,
            [.. runs.Select(run => run.Parameters[axis]).DistinctBy(RecipeAxis.Text)]))];
}

/// <summary>One label that tells a recipe's runs apart (e.g. "objective"), with its values as JSON.</summary>
public sealed record RecipeAxis(string Name, IReadOnlyList<JsonElement> Values)
{
    /// <summary>How a value reads in tables and messages: strings bare, everything else as JSON.</summary>
    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}

/// <param name="Parameters">the value of each axis for this run</param>
public sealed record RecipeRun(IReadOnlyDictionary<string, JsonElement> Parameters, ExperimentSpec Spec);

/// <summary>One value of a recipe's axis: its label and what it sets on the spec.</summary>
public sealed record Choice<TSpec>(string Axis, JsonElement Value, Func<TSpec, TSpec> Apply) where TSpec : ExperimentSpec
{
    public static Choice<TSpec> Of<TValue>(string axis, TValue value, Func<TSpec, TSpec> apply) =>
        new(axis, JsonSerializer.SerializeToElement(value, ExperimentJson.Options), apply);
}

/// <summary>
/// One panel of a recipe's figure: grouped bars, a group per value of <paramref name="Category"/>, a bar per
/// value of <paramref name="Series"/> (or per metric when there is no series), each the mean ± standard
/// deviation of the metric over the runs that share those values (e.g. over seeds).
/// </summary>
/// <param name="OnlyCategories">the values of <paramref name="Category"/> the panel shows, when its metrics belong to only some runs; null for all</param>
/// <param name="BestSettingBy">for runs that decode at several settings (<see cref="SettingMetric"/>): each bar shows its metrics at
/// the one setting whose mean of this metric over the bar's runs is best (highest, or lowest where lower is better), and says
/// which; null: the runs' own metrics</param>
public sealed record BarPanel(string Title, string Category, string? Series, IReadOnlyList<string> Metrics, IReadOnlyList<string>? OnlyCategories = null,
    string? BestSettingBy = null);
