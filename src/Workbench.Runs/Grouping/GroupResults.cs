using System.Text.Json;
using Workbench.Engine;
using Workbench.Runs.Comparing;

namespace Workbench.Runs.Grouping;

/// <summary>
/// The little of a <see cref="Run"/> a results table needs: a group page refreshes every second, and whole run
/// documents (loss curves, examples) of a 200-run sweep would be megabytes each time.
/// </summary>
public sealed class RunOutcome
{
    public Guid Id { get; set; }
    public RunStatus Status { get; set; }
    public Dictionary<string, double> Metrics { get; set; } = [];
    public ExperimentSpec Spec { get; set; } = null!;

    public static RunOutcome Of(Run run) => new() { Id = run.Id, Status = run.Status, Metrics = run.Metrics, Spec = run.Spec };
}

/// <param name="Name">what tells the run apart from the group's others, e.g. "diffusion, Temperature = 0.5" (<see cref="RunNames"/>)</param>
/// <param name="Parameters">the run's value of each of the group's axes</param>
/// <param name="Metrics">the run's final metrics; empty until it succeeds</param>
public sealed record GroupResultRow(Guid RunId, string Name, IReadOnlyDictionary<string, JsonElement> Parameters, RunStatus Status, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// A group's results table: one row per run in submission order, its axis values, status and final metrics.
/// Built from the group's membership and the runs' own documents, so it is as current as the runs are.
/// </summary>
/// <param name="Parameters">the axes, in the group's order: the first columns</param>
/// <param name="Metrics">every metric any run has, alphabetically: the last columns</param>
public sealed record GroupResults(IReadOnlyList<string> Parameters, IReadOnlyList<string> Metrics, IReadOnlyList<GroupResultRow> Rows)
{
    public int Finished => Rows.Count(row => row.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled);

    public static GroupResults Of(Group group, IEnumerable<RunOutcome> runs)
    {
        var byId = runs.ToDictionary(run => run.Id);
        var members = group.Runs.Where(member => byId.ContainsKey(member.RunId)).ToList();
        var names = RunNames.Of([.. members.Select(member => byId[member.RunId].Spec)]);
        var rows = members
            .Select((member, index) => new GroupResultRow(member.RunId, names[index], member.Parameters, byId[member.RunId].Status, byId[member.RunId].Metrics))
            .ToList();
        var metrics = rows.SelectMany(row => row.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        return new GroupResults([.. group.Axes.Select(axis => axis.Parameter)], metrics, rows);
    }

    /// <summary>RFC 4180 CSV: the run's id and name, the axes, status, the metrics; numbers round-trip exactly.</summary>
    public string ToCsv(CsvNames names) => CsvFile.Write(
        [
            new("runId", "Run id"), new("name", "Name"),
            .. Parameters.Select(parameter => new CsvColumn(parameter, ExperimentKinds.ParameterLabel(parameter))),
            new("status", "Status"),
            .. Metrics.Select(metric => new CsvColumn(metric, ExperimentKinds.MetricLabel(metric))),
        ],
        names,
        Rows.Select(row => (IReadOnlyList<string?>)
        [
            row.RunId.ToString(), row.Name,
            .. Parameters.Select(parameter => row.Parameters.TryGetValue(parameter, out var value) ? AxisValues.Text(value) : null),
            row.Status.ToString(),
            .. Metrics.Select(metric => CsvFile.Number(row.Metrics.TryGetValue(metric, out var value) ? value : null)),
        ]));
}
