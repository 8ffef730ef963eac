using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Finding;

namespace Workbench.Web.Runs;

/// <summary>A list of runs as one table for export: fixed columns, then every spec parameter and every metric any of them has.</summary>
public static class RunTable
{
    public static string Csv(IReadOnlyList<RunListing> runs, CsvNames names)
    {
        var specs = runs.Select(run => SpecValues.Of(run.Spec)).ToList();
        var parameters = specs.SelectMany(spec => spec.Keys).Where(key => key != "kind").Distinct().ToList();
        var metrics = runs.SelectMany(run => run.Metrics.Keys).Distinct().Order().ToList();
        CsvColumn[] columns =
        [
            new("id", "Run id"), new("title", "Title"), new("kind", "Kind"), new("status", "Status"), new("submittedBy", "Submitted by"),
            new("submittedAt", "Submitted at"), new("endedAt", "Ended at"), new("group", "Group"), new("tags", "Tags"),
            .. parameters.Select(parameter => new CsvColumn($"spec.{parameter}", ExperimentKinds.ParameterLabel(parameter))),
            .. metrics.Select(metric => new CsvColumn($"metric.{metric}", ExperimentKinds.MetricLabel(metric))),
        ];
        var rows = runs.Select((run, index) => (IReadOnlyList<string?>)
        [
            run.Id.ToString(), run.Title, run.Kind, run.Status.ToString(), run.SubmittedBy, run.SubmittedAt.ToString("O"),
            run.EndedAt?.ToString("O"), run.Group?.ToString(), string.Join(' ', run.Tags),
            .. parameters.Select(parameter => specs[index].GetValueOrDefault(parameter)),
            .. metrics.Select(metric => CsvFile.Number(run.Metrics.TryGetValue(metric, out var value) ? value : null)),
        ]);
        return CsvFile.Write(columns, names, rows);
    }
}

/// <summary>What the runs list and its JSON export show of a run.</summary>
public sealed record RunSummary(
    Guid Id, string Title, string Kind, RunStatus Status, string SubmittedBy, DateTimeOffset SubmittedAt, DateTimeOffset? EndedAt,
    double Progress, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<string> Tags, Guid? Group, ExperimentSpec Spec)
{
    public static RunSummary Of(RunListing run) => new(
        run.Id, run.Title, run.Kind, run.Status, run.SubmittedBy, run.SubmittedAt, run.EndedAt,
        run.Progress, run.Metrics, run.Tags, run.Group, run.Spec);

    public static RunSummary Of(Run run) => new(
        run.Id, run.Title, ExperimentJson.KindOf(run.Spec), run.Status, run.SubmittedBy, run.SubmittedAt, run.EndedAt,
        run.Progress, run.Metrics, run.Tags, run.Group, run.Spec);
}
