using Workbench.Engine;

namespace Workbench.Web.Components;

/// <summary>How metrics are shown: labels, formats and order as the experiment kinds register them (<see cref="ExperimentKinds"/>).</summary>
public static class MetricNames
{
    public sealed record Shown(string Key, string Label, string Format);

    /// <summary>Every registered metric, each once, in the kinds' order.</summary>
    public static IReadOnlyList<Shown> InOrder => [.. ExperimentKinds.All.SelectMany(kind => kind.Metrics)
        .DistinctBy(metric => metric.Name).Select(metric => new Shown(metric.Name, metric.Label, metric.Format))];

    /// <summary>The one metric a list shows of a run: the first headline metric it has.</summary>
    public static Shown? Headline(IReadOnlyDictionary<string, double> metrics) =>
        ExperimentKinds.All.SelectMany(kind => kind.Metrics).Where(metric => metric.Headline && metrics.ContainsKey(metric.Name))
            .Select(metric => new Shown(metric.Name, metric.Label, metric.Format)).FirstOrDefault();

    /// <summary>The known metrics present, in order, then every other one under its name in words; metrics at one of several
    /// settings (<see cref="SettingMetric"/>) are left to the settings table.</summary>
    public static IEnumerable<Shown> Of(IReadOnlyDictionary<string, double> metrics) =>
        InOrder.Where(metric => metrics.ContainsKey(metric.Key))
            .Concat(metrics.Keys.Where(key => InOrder.All(metric => metric.Key != key) && SettingMetric.Parse(key) is null).Order()
                .Select(key => new Shown(key, ExperimentKinds.MetricLabel(key), "0.####")));

    /// <summary>A metric's label, e.g. "Creativity (reference)".</summary>
    public static string Label(string key) => ExperimentKinds.MetricLabel(key);
}
