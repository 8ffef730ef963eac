using System.Globalization;
using System.Text;

namespace Workbench.Runs;

/// <summary>RFC 4180 CSV, as spreadsheets and pandas read it.</summary>
public static class CsvFile
{
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var csv = new StringBuilder();
        Line(csv, header);
        foreach (var row in rows) Line(csv, row);
        return csv.ToString();
    }

    public static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static void Line(StringBuilder csv, IReadOnlyList<string?> cells)
    {
        csv.AppendJoin(',', cells.Select(Escape));
        csv.Append("\r\n");
    }

    private static string Escape(string? cell) =>
        cell is null ? "" : cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
}
