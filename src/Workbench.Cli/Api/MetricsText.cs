using System.Globalization;
using Workbench.Engine;

namespace Workbench.Cli.Api;

/// <summary>
/// A run's metrics as text, labelled and ordered as the experiment kinds register them (<see cref="ExperimentKinds"/>),
/// the same as the web app shows them; metrics no kind describes follow, by name. Spec parameters' labels come from here too.
/// </summary>
public static class MetricsText
{
    private static IReadOnlyList<MetricDefinition> Known => [.. ExperimentKinds.All.SelectMany(kind => kind.Metrics).DistinctBy(metric => metric.Name)];

    public static IEnumerable<string> Ordered(IEnumerable<string> names)
    {
        var distinct = names.Distinct().ToList();
        var known = Known.Select(metric => metric.Name).ToList();
        return known.Where(distinct.Contains).Concat(distinct.Except(known).Order(StringComparer.Ordinal));
    }

    /// <example>Creativity 0.412, Memorization 0.25, Generated 16</example>
    public static string All(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", Ordered(metrics.Keys).Select(name => $"{Label(name)} {Format(metrics[name])}"));

    /// <summary>The few that tell runs apart in a list: each kind's headline results, and how far training got.</summary>
    /// <example>Creativity 0.412, Final loss 1.203</example>
    public static string Headlines(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", Known.Where(metric => metric.Headline || metric.Name == "finalLoss")
            .Where(metric => metrics.ContainsKey(metric.Name)).Select(metric => $"{metric.Label} {Format(metrics[metric.Name])}"));

    /// <summary>The label a person reads, e.g. "Creativity" for "creativity".</summary>
    public static string Label(string name) => ExperimentKinds.MetricLabel(name);

    /// <summary>A spec parameter's label, e.g. "Seed prefix length" for "seedPrefixLength".</summary>
    public static string ParameterLabel(string name) => ExperimentKinds.ParameterLabel(name);

    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
