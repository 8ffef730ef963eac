namespace Workbench.Cli.Api;

/// <summary>
/// A comparison as a terminal shows it: a row per run, named by what tells it apart (the server's names, as on the
/// web's Compare page), its status and final metrics under their labels; then the curves' names.
/// </summary>
public static class ComparisonText
{
    public static string Of(RunComparison comparison)
    {
        var metrics = MetricsText.Ordered(comparison.Metrics.Select(metric => metric.Name))
            .Select(name => comparison.Metrics.First(metric => metric.Name == name)).ToList();
        // Runs of one sweep share a title: it is said once, above them.
        var sharedTitle = comparison.Runs.Select(run => run.Title).Distinct().Count() == 1 ? comparison.Runs[0].Title : null;
        string[] header = ["ID", "RUN", "STATUS", .. metrics.Select(metric => metric.Label)];
        var rows = comparison.Runs.Select((run, index) => (IReadOnlyList<string>)
        [
            run.Id.ToString(), TextTable.Shortened(run.Name), run.Status,
            .. metrics.Select(metric => metric.Values[index] is { } value ? MetricsText.Format(value) : "-"),
        ]);
        var text = (sharedTitle is null ? "" : $"title      {sharedTitle}\n\n") + TextTable.Of(header, rows);
        if (comparison.SpecDifferences.Count == 0) text += "(their specs are the same)\n";
        if (comparison.Curves.Count > 0)
            text += "curves (their points: --format json): " + string.Join(", ", comparison.Curves.Select(curve => $"{curve.Name} ({curve.Y} over {curve.X})")) + "\n";
        return text;
    }
}
