using System.Globalization;
using System.Text;

namespace Workbench.Cli.Api;

/// <summary>
/// Runs as CSV (RFC 4180) for spreadsheets and scripts: one column per metric any of them has, times in UTC ISO 8601.
/// The header row holds labels ("Creativity") or, with <see cref="CsvNames.Machine"/>, the names scripts key on ("creativity").
/// </summary>
public static class RunsCsv
{
    public static string Of(IReadOnlyList<RunSummary> runs, CsvNames names)
    {
        var metrics = MetricsText.Ordered(runs.SelectMany(run => run.Metrics.Keys)).ToList();
        var text = new StringBuilder();
        (string Name, string Label)[] columns =
        [
            ("id", "Run id"), ("title", "Title"), ("kind", "Kind"), ("status", "Status"), ("submittedBy", "Submitted by"),
            ("submittedAt", "Submitted at"), ("progress", "Progress"), .. metrics.Select(metric => (metric, MetricsText.Label(metric))),
        ];
        Line(text, columns.Select(column => names == CsvNames.Machine ? column.Name : column.Label));
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
