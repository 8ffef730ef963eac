using System.Globalization;
using System.Text;

namespace Workbench.Cli.Api;

/// <summary>Runs as CSV (RFC 4180) for spreadsheets and scripts: one column per metric any of them has, times in UTC ISO 8601.</summary>
public static class RunsCsv
{
    public static string Of(IReadOnlyList<RunSummary> runs)
    {
        var metrics = MetricsText.Ordered(runs.SelectMany(run => run.Metrics.Keys)).ToList();
        var text = new StringBuilder();
        Line(text, ["id", "title", "kind", "status", "submittedBy", "submittedAt", "progress", .. metrics]);
        foreach (var run in runs)
            Line(text, [
                run.Id.ToString(), run.Title, run.Kind, run.Status, run.SubmittedBy,
                run.SubmittedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                run.Progress.ToString(CultureInfo.InvariantCulture),
                .. metrics.Select(name => run.Metrics.TryGetValue(name, out var value) ? value.ToString(CultureInfo.InvariantCulture) : ""),
            ]);
        return text.ToString();
    }

    private static void Line(StringBuilder text, IEnumerable<string> fields) =>
        text.Append(string.Join(',', fields.Select(Field))).Append("\r\n");

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? '"' + value.Replace("\"", "\"\"") + '"' : value;
}
