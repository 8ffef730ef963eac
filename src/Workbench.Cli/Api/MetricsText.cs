using System.Globalization;

namespace Workbench.Cli.Api;

/// <summary>A run's metrics as text: the well-known ones first, in the run page's order, then the rest by name.</summary>
public static class MetricsText
{
    /// <summary>The metrics the worker records, in the order the web app shows them (web/…/MetricNames.cs).</summary>
    private static readonly string[] KnownOrder = ["creativity", "memorization", "coherence", "uniqueness", "generated", "finalLoss", "baseBf", "alignedBf", "bfRatio"];

    /// <summary>The few that tell runs apart in a list: each experiment kind's headline result, and how far training got.</summary>
    private static readonly string[] Headline = ["creativity", "bfRatio", "finalLoss"];

    public static IEnumerable<string> Ordered(IEnumerable<string> names)
    {
        var distinct = names.Distinct().ToList();
        return KnownOrder.Where(distinct.Contains).Concat(distinct.Except(KnownOrder).Order(StringComparer.Ordinal));
    }

    /// <example>creativity 0.412, memorization 0.25, generated 16</example>
    public static string All(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", Ordered(metrics.Keys).Select(name => $"{name} {Format(metrics[name])}"));

    /// <example>creativity 0.412, finalLoss 1.203</example>
    public static string Headlines(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", Headline.Where(metrics.ContainsKey).Select(name => $"{name} {Format(metrics[name])}"));

    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
