namespace Workbench.Cli.Api;

/// <summary>A page of runs as a table for a terminal: one line per run, then where the page is.</summary>
public static class RunsTable
{
    public static string Of(RunPage page) =>
        TextTable.Of(["ID", "TITLE", "STATUS", "USER", "SUBMITTED", "METRICS"], page.Items.Select(run => new[]
        {
            run.Id.ToString(), TextTable.Shortened(run.Title), Status(run), run.SubmittedBy, TextTable.Time(run.SubmittedAt), MetricsText.Headlines(run.Metrics),
        })) + TextTable.PageLine(page.Page, page.PageSize, page.Total, "run");

    /// <summary>A running run's status says how far it has got.</summary>
    private static string Status(RunSummary run) => run.Status == "running" ? $"running {run.Progress:P0}" : run.Status;
}
