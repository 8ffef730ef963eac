using System.Text;

namespace Workbench.Cli.Api;

/// <summary>Rows in columns for a terminal: each column as wide as its widest cell, two spaces between, the last one unpadded.</summary>
public static class TextTable
{
    /// <summary>Wide enough for the generated titles ("Creativity: sibling discovery, next-token training").</summary>
    private const int MaxTextWidth = 50;

    public static string Of(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, column) => all.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
            text.AppendLine(string.Join("  ", row.Select((cell, column) => column == row.Count - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
        return text.ToString();
    }

    /// <summary>The last line of a paged table.</summary>
    /// <example>page 1 of 3 (120 runs)</example>
    public static string PageLine(int page, int pageSize, long total, string noun)
    {
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        return $"page {page} of {pages} ({total} {noun}{(total == 1 ? "" : "s")})\n";
    }

    /// <summary>A title or name cut to fit a column.</summary>
    public static string Shortened(string text) => text.Length <= MaxTextWidth ? text : text[..(MaxTextWidth - 1)] + "…";

    /// <summary>A time as the tables show it: local, to the minute.</summary>
    public static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm");
}
