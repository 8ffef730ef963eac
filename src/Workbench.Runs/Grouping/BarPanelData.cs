using Workbench.Engine.Recipes;

namespace Workbench.Runs.Grouping;

/// <summary>A metric over the runs that share a bar: mean, sample standard deviation (0 for one run), and how many.</summary>
public sealed record MeanAndSpread(double Mean, double StandardDeviation, int Runs)
{
    public static MeanAndSpread? Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var mean = values.Average();
        var variance = values.Count < 2 ? 0 : values.Sum(value => (value - mean) * (value - mean)) / (values.Count - 1);
        return new MeanAndSpread(mean, Math.Sqrt(variance), values.Count);
    }
}

/// <summary>
/// What a <see cref="BarPanel"/> draws from a group's results: categories along the axis, bars within each, and
/// per category and bar the summary of the succeeded runs that match (null where none has finished yet).
/// </summary>
/// <param name="Values">[category][bar]</param>
public sealed record BarPanelData(string Title, string Category, IReadOnlyList<string> Categories, IReadOnlyList<string> Bars, IReadOnlyList<IReadOnlyList<MeanAndSpread?>> Values)
{
    public static BarPanelData Of(BarPanel panel, GroupResults results, IReadOnlyList<GroupAxis> axes)
    {
        IReadOnlyList<string> ValuesOf(string axis) =>
            [.. axes.Single(a => a.Parameter == axis).Values.Select(AxisValues.Text)];
        var categories = panel.OnlyCategories ?? ValuesOf(panel.Category);
        // A bar per series value and metric; with one metric the series value alone names it, and without a series the metric does.
        var bars = (panel.Series is null ? [null] : ValuesOf(panel.Series).Select(value => (string?)value))
            .SelectMany(series => panel.Metrics.Select(metric => (Series: series, Metric: metric)))
            .ToList();
        string Label((string? Series, string Metric) bar) =>
            bar.Series is null ? bar.Metric : panel.Metrics.Count == 1 ? bar.Series : $"{bar.Series} · {bar.Metric}";

        var succeeded = results.Rows.Where(row => row.Status == RunStatus.Succeeded).ToList();
        var values = categories.Select(category => (IReadOnlyList<MeanAndSpread?>)[.. bars.Select(bar => MeanAndSpread.Of(
            [.. succeeded
                .Where(row => Is(row, panel.Category, category) && (bar.Series is null || Is(row, panel.Series!, bar.Series)))
                .Where(row => row.Metrics.ContainsKey(bar.Metric))
                .Select(row => row.Metrics[bar.Metric])]))]).ToList();
        return new BarPanelData(panel.Title, panel.Category, categories, [.. bars.Select(Label)], values);
    }

    private static bool Is(GroupResultRow row, string axis, string value) =>
        row.Parameters.TryGetValue(axis, out var actual) && AxisValues.Text(actual) == value;
}
