using Workbench.Engine;
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
/// <param name="Settings">[category][bar]: with <see cref="BarPanel.BestSettingBy"/>, the setting each bar shows, in words; null otherwise</param>
/// <param name="BestSettingBy">the metric that chose each bar's setting, or null</param>
public sealed record BarPanelData(string Title, string Category, IReadOnlyList<string> Categories, IReadOnlyList<string> Bars, IReadOnlyList<IReadOnlyList<MeanAndSpread?>> Values,
    IReadOnlyList<IReadOnlyList<string?>>? Settings = null, string? BestSettingBy = null)
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
        var cells = categories.Select(category => bars.Select(bar =>
        {
            var runs = succeeded.Where(row => Is(row, panel.Category, category) && (bar.Series is null || Is(row, panel.Series!, bar.Series))).ToList();
            var setting = panel.BestSettingBy is { } by ? BestSetting(runs, by) : null;
            var metric = setting is null ? bar.Metric : new SettingMetric(bar.Metric, setting).Name;
            var value = MeanAndSpread.Of([.. runs.Where(row => row.Metrics.ContainsKey(metric)).Select(row => row.Metrics[metric])]);
            return (Value: value, Setting: setting is null ? null : ExperimentKinds.SettingLabel(setting));
        }).ToList()).ToList();
        return new BarPanelData(panel.Title, panel.Category, categories, [.. bars.Select(Label)],
            [.. cells.Select(row => (IReadOnlyList<MeanAndSpread?>)[.. row.Select(cell => cell.Value)])],
            panel.BestSettingBy is null ? null : [.. cells.Select(row => (IReadOnlyList<string?>)[.. row.Select(cell => cell.Setting)])],
            panel.BestSettingBy);
    }

    /// <summary>
    /// The setting key whose mean of <paramref name="metric"/> over the runs is best (the first of equals by key), or null when
    /// the runs have no settings.
    /// </summary>
    public static string? BestSetting(IReadOnlyList<GroupResultRow> runs, string metric)
    {
        var higherIsBetter = ExperimentKinds.Metric(metric)?.HigherIsBetter ?? true;
        var means = runs.SelectMany(row => row.Metrics.Keys)
            .Select(SettingMetric.Parse).OfType<SettingMetric>().Where(at => at.Metric == metric).Select(at => at.Setting).Distinct().Order(StringComparer.Ordinal)
            .Select(setting => (Setting: setting, Mean: runs.Select(row => row.Metrics.GetValueOrDefault(new SettingMetric(metric, setting).Name, double.NaN))
                .Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()))
            .Where(candidate => double.IsFinite(candidate.Mean))
            .ToList();
        if (means.Count == 0) return null;
        var best = higherIsBetter ? means.Max(candidate => candidate.Mean) : means.Min(candidate => candidate.Mean);
        return means.First(candidate => candidate.Mean == best).Setting;
    }

    private static bool Is(GroupResultRow row, string axis, string value) =>
        row.Parameters.TryGetValue(axis, out var actual) && AxisValues.Text(actual) == value;
}
