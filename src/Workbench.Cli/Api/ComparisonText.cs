namespace Workbench.Cli.Api;

/// <summary>A comparison as a terminal shows it: a row per run, its spec parameters that differ, its final metrics; then the curves' names.</summary>
public static class ComparisonText
{
    public static string Of(RunComparison comparison)
    {
        var metrics = MetricsText.Ordered(comparison.Metrics.Select(metric => metric.Name))
            .Select(name => comparison.Metrics.First(metric => metric.Name == name)).ToList();
        // Runs of one sweep share a title: then what differs between them tells them apart, and the title is said once.
        var sharedTitle = comparison.Runs.Select(run => run.Title).Distinct().Count() == 1 ? comparison.Runs[0].Title : null;
        string[] header =
        [
            "ID", .. sharedTitle is null ? ["TITLE"] : Array.Empty<string>(), "STATUS",
            .. comparison.SpecDifferences.Select(difference => difference.Parameter), .. metrics.Select(metric => metric.Name),
        ];
        var rows = comparison.Runs.Select((run, index) => (IReadOnlyList<string>)
        [
            run.Id.ToString(), .. sharedTitle is null ? [TextTable.Shortened(run.Title)] : Array.Empty<string>(), run.Status,
            .. comparison.SpecDifferences.Select(difference => difference.Values[index] ?? "-"),
            .. metrics.Select(metric => metric.Values[index] is { } value ? MetricsText.Format(value) : "-"),
        ]);
        var text = (sharedTitle is null ? "" : $"title      {sharedTitle}\n\n") + TextTable.Of(header, rows);
        if (comparison.SpecDifferences.Count == 0) text += "(their specs are the same)\n";
        if (comparison.Curves.Count > 0)
            text += "curves (their points: --format json): " + string.Join(", ", comparison.Curves.Select(curve => $"{curve.Name} ({curve.Y} over {curve.X})")) + "\n";
        return text;
    }
}
