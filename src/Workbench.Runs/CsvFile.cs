using System.Globalization;
using System.Text;

namespace Workbench.Runs;

/// <summary>Which names a CSV file's header row carries (<c>?names=labels|machine</c>).</summary>
public enum CsvNames
{
    /// <summary>What a person reads: "Run id", "Temperature", "Creativity" (the default).</summary>
    Labels,
    /// <summary>What a script keys on, stable when a label is reworded: "id", "spec.temperature", "metric.creativity".</summary>
    Machine,
}

/// <param name="Name">the machine name, e.g. "metric.creativity"</param>
/// <param name="Label">what a person reads, e.g. "Creativity"</param>
public sealed record CsvColumn(string Name, string Label);

/// <summary>
/// RFC 4180 CSV, as spreadsheets and pandas read it: one header row, then a row per item. The header holds the columns'
/// labels or their machine names (<see cref="CsvNames"/>); the rows are the same either way.
/// </summary>
public static class CsvFile
{
    public const string NamesProblem = "names is labels (the default) or machine";

    /// <summary>The <c>names</c> query parameter: labels when absent, null when it is neither word.</summary>
    public static CsvNames? NamesOf(string? names) => names?.ToLowerInvariant() switch
    {
        null or "" or "labels" => CsvNames.Labels,
        "machine" => CsvNames.Machine,
        _ => null,
    };

    public static string Write(IReadOnlyList<CsvColumn> columns, CsvNames names, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var csv = new StringBuilder();
        Line(csv, names == CsvNames.Machine ? [.. columns.Select(column => column.Name)] : Labels(columns));
        foreach (var row in rows) Line(csv, row);
        return csv.ToString();
    }

    public static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Each column's label; a label two columns share (a parameter and a metric both called "Seed") names its column too.</summary>
    private static string[] Labels(IReadOnlyList<CsvColumn> columns)
    {
        var shared = columns.GroupBy(column => column.Label).Where(group => group.Count() > 1).Select(group => group.Key).ToHashSet();
        return [.. columns.Select(column => shared.Contains(column.Label) ? $"{column.Label} ({column.Name})" : column.Label)];
    }

    private static void Line(StringBuilder csv, IReadOnlyList<string?> cells)
    {
        csv.AppendJoin(',', cells.Select(Escape));
        csv.Append("\r\n");
    }

    private static string Escape(string? cell) =>
        cell is null ? "" : cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
}
