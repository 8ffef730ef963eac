using System.Text;

namespace Workbench.Cli.Api;

/// <summary>A page of runs as a table for a terminal: id, title, status, user, when submitted (local time), headline metrics.</summary>
public static class RunsTable
{
    /// <summary>Wide enough for the generated titles ("Creativity: sibling discovery, next-token training").</summary>
    private const int MaxTitleWidth = 50;

    public static string Of(RunPage page)
    {
        string[] header = ["ID", "TITLE", "STATUS", "USER", "SUBMITTED", "METRICS"];
        var rows = page.Items.Select(run => new[]
        {
            run.Id.ToString(), Shortened(run.Title), Status(run), run.SubmittedBy,
            run.SubmittedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm"), MetricsText.Headlines(run.Metrics),
        }).ToList();
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Prepend(title.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
            text.AppendLine(string.Join("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
        var pages = Math.Max(1, (page.Total + page.PageSize - 1) / page.PageSize);
        text.AppendLine($"page {page.Page} of {pages} ({page.Total} run{(page.Total == 1 ? "" : "s")})");
        return text.ToString();
    }

    /// <summary>A running run's status says how far it has got.</summary>
    private static string Status(RunSummary run) => run.Status == "running" ? $"running {run.Progress:P0}" : run.Status;

    private static string Shortened(string title) => title.Length <= MaxTitleWidth ? title : title[..(MaxTitleWidth - 1)] + "…";
}
