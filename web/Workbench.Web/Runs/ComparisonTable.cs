using Workbench.Runs;
using Workbench.Runs.Comparing;

namespace Workbench.Web.Runs;

/// <summary>A comparison as one table: a row per run, the spec parameters that differ, then every metric.</summary>
public static class ComparisonTable
{
    public static string Csv(RunComparison comparison)
    {
        string[] header =
        [
            "id", "title", "status",
            .. comparison.SpecDifferences.Select(difference => $"spec.{difference.Parameter}"),
            .. comparison.Metrics.Select(metric => $"metric.{metric.Name}"),
        ];
        var rows = comparison.Runs.Select((run, index) => (IReadOnlyList<string?>)
        [
            run.Id.ToString(), run.Title, run.Status.ToString(),
            .. comparison.SpecDifferences.Select(difference => difference.Values[index]),
            .. comparison.Metrics.Select(metric => CsvFile.Number(metric.Values[index])),
        ]);
        return CsvFile.Write(header, rows);
    }
}
