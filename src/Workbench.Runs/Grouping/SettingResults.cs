using System.Text.Json;
using Workbench.Engine;

namespace Workbench.Runs.Grouping;

/// <param name="Parameters">the group's axes but the seed, for the runs this row averages</param>
/// <param name="Setting">the setting's key, e.g. "t0p5_k50"; <paramref name="Label"/> says it in words</param>
/// <param name="Metrics">each metric at this setting over those runs</param>
/// <param name="Best">the setting with the best mean of the deciding metric among this row's runs</param>
public sealed record SettingResultRow(
    IReadOnlyDictionary<string, JsonElement> Parameters, string Setting, string Label, IReadOnlyDictionary<string, MeanAndSpread> Metrics, bool Best);

/// <summary>
/// The per-setting table of runs that decode at several settings (train once, decode many: metrics named
/// <see cref="SettingMetric"/>): a row per combination of the group's axes but the seed and per setting, each metric's mean ±
/// standard deviation over the seeds, and which setting is best for that combination. Empty when no run has settings.
/// </summary>
/// <param name="Parameters">the axes the rows are told apart by (the group's, without "seed")</param>
/// <param name="Metrics">the metrics measured per setting, in the order their kinds register them</param>
/// <param name="BestBy">the metric that decides the best setting</param>
public sealed record SettingResults(IReadOnlyList<string> Parameters, IReadOnlyList<string> Metrics, string BestBy, IReadOnlyList<SettingResultRow> Rows)
{
    /// <summary>The axis recipes repeat their runs over; rows average over it.</summary>
    public const string SeedAxis = "seed";

    public static SettingResults Of(GroupResults results, string bestBy = "creativity")
    {
        var parameters = results.Parameters.Where(parameter => parameter != SeedAxis).ToList();
        var succeeded = results.Rows.Where(row => row.Status == RunStatus.Succeeded).ToList();
        var parsed = succeeded.SelectMany(row => row.Metrics.Keys).Select(SettingMetric.Parse).OfType<SettingMetric>().ToList();
        // In the order the kinds register their metrics, and settings by key (the store does not keep the runs' order).
        var registered = ExperimentKinds.All.SelectMany(kind => kind.Metrics).Select(metric => metric.Name).Distinct().ToList();
        var metrics = parsed.Select(at => at.Metric).Distinct()
            .OrderBy(metric => registered.IndexOf(metric) is var at && at >= 0 ? at : int.MaxValue).ThenBy(metric => metric, StringComparer.Ordinal).ToList();
        var settings = parsed.Select(at => at.Setting).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = new List<SettingResultRow>();
        foreach (var runs in succeeded.GroupBy(row => string.Join('\u001f', parameters.Select(parameter => Text(row, parameter)))).Select(group => group.ToList()))
        {
            var best = BarPanelData.BestSetting(runs, bestBy);
            foreach (var setting in settings)
            {
                var values = metrics
                    .Select(metric => (Metric: metric, Value: MeanAndSpread.Of([.. runs
                        .Where(row => row.Metrics.ContainsKey(new SettingMetric(metric, setting).Name))
                        .Select(row => row.Metrics[new SettingMetric(metric, setting).Name])])))
                    .Where(pair => pair.Value is not null)
                    .ToDictionary(pair => pair.Metric, pair => pair.Value!);
                if (values.Count == 0) continue;
                var axes = parameters.Where(runs[0].Parameters.ContainsKey).ToDictionary(parameter => parameter, parameter => runs[0].Parameters[parameter]);
                rows.Add(new SettingResultRow(axes, setting, ExperimentKinds.SettingLabel(setting), values, setting == best));
            }
        }
        return new SettingResults(parameters, metrics, bestBy, rows);
    }

    /// <summary>One run's settings, as its page shows them.</summary>
    public static SettingResults Of(Guid runId, IReadOnlyDictionary<string, double> metrics) =>
        Of(new GroupResults([], [], [new GroupResultRow(runId, "", new Dictionary<string, JsonElement>(), RunStatus.Succeeded, metrics)]));

    private static string Text(GroupResultRow row, string parameter) =>
        row.Parameters.TryGetValue(parameter, out var value) ? AxisValues.Text(value) : "";
}
