using Workbench.Engine;
using Workbench.Runs.Executing;

namespace Workbench.Runs.Comparing;

/// <summary>
/// 2 to 10 runs side by side: what differs in their specs (only that), their final metrics, and their
/// curves overlaid, one series per run in each chart. Each run has a name saying what tells it apart (<see cref="RunNames"/>),
/// and each parameter and metric the label people read.
/// </summary>
public sealed record RunComparison(
    IReadOnlyList<ComparedRun> Runs,
    IReadOnlyList<SpecDifference> SpecDifferences,
    IReadOnlyList<MetricRow> Metrics,
    IReadOnlyList<OverlaidCurve> Curves)
{
    public const int MinRuns = 2;
    public const int MaxRuns = 10;

    public static RunComparison Of(IReadOnlyList<Run> runs)
    {
        var specs = runs.Select(run => SpecValues.Of(run.Spec)).ToList();
        var differences = specs.SelectMany(spec => spec.Keys).Distinct()
            .Select(parameter => new SpecDifference(parameter, ExperimentKinds.ParameterLabel(parameter), specs.Select(spec => spec.GetValueOrDefault(parameter)).ToList()))
            .Where(difference => difference.Values.Distinct().Count() > 1)
            .ToList();
        // Registered metrics in the kinds' order (creativity first), then any others by name.
        var known = ExperimentKinds.All.SelectMany(kind => kind.Metrics).Select(metric => metric.Name).Distinct().ToList();
        var metrics = runs.SelectMany(run => run.Metrics.Keys).Distinct()
            .OrderBy(name => known.IndexOf(name) is var index and >= 0 ? index : int.MaxValue).ThenBy(name => name, StringComparer.Ordinal)
            .Select(name => new MetricRow(name, ExperimentKinds.MetricLabel(name), runs.Select(run => run.Metrics.TryGetValue(name, out var value) ? value : (double?)null).ToList()))
            .ToList();
        var names = RunNames.Of([.. runs.Select(run => run.Spec)]);
        return new RunComparison([.. runs.Select((run, index) => ComparedRun.Of(run, names[index]))], differences, metrics, Overlay(runs));
    }

    /// <summary>A row per run: its id, name, title and status, the spec parameters that differ, then every metric.</summary>
    public string ToCsv(CsvNames names)
    {
        CsvColumn[] columns =
        [
            new("id", "Run id"), new("name", "Name"), new("title", "Title"), new("status", "Status"),
            .. SpecDifferences.Select(difference => new CsvColumn($"spec.{difference.Parameter}", difference.Label)),
            .. Metrics.Select(metric => new CsvColumn($"metric.{metric.Name}", metric.Label)),
        ];
        var rows = Runs.Select((run, index) => (IReadOnlyList<string?>)
        [
            run.Id.ToString(), run.Name, run.Title, run.Status.ToString(),
            .. SpecDifferences.Select(difference => difference.Values[index]),
            .. Metrics.Select(metric => CsvFile.Number(metric.Values[index])),
        ]);
        return CsvFile.Write(columns, names, rows);
    }

    private static List<OverlaidCurve> Overlay(IReadOnlyList<Run> runs)
    {
        var loss = new OverlaidCurve("loss", "training step", "loss",
            runs.Where(run => run.Loss.Count > 0)
                .Select(run => new RunSeries(run.Id, run.Loss.Select(point => new CurvePoint(point.Step, point.Loss)).ToList()))
                .ToList());
        var others = runs.SelectMany(run => run.Curves.Select(curve => (run.Id, curve)))
            .GroupBy(item => (item.curve.Name, item.curve.X, item.curve.Y))
            .Select(group => new OverlaidCurve(group.Key.Name, group.Key.X, group.Key.Y,
                group.Select(item => new RunSeries(item.Id, item.curve.Points)).ToList()));
        return [.. new[] { loss }.Where(curve => curve.Series.Count > 0), .. others];
    }
}

/// <param name="Name">what tells the run apart from the others compared, e.g. "diffusion, Temperature = 0.5" (<see cref="RunNames"/>)</param>
public sealed record ComparedRun(Guid Id, string Name, string Title, string Kind, RunStatus Status, string SubmittedBy, DateTimeOffset SubmittedAt)
{
    public static ComparedRun Of(Run run, string name) => new(run.Id, name, run.Title, ExperimentJson.KindOf(run.Spec), run.Status, run.SubmittedBy, run.SubmittedAt);
}

/// <param name="Parameter">its JSON name, e.g. "seedPrefixLength"</param>
/// <param name="Label">what people read, e.g. "Seed prefix length"</param>
/// <param name="Values">the parameter's value in each run, in the order of <see cref="RunComparison.Runs"/>; null where a run's kind has no such parameter</param>
public sealed record SpecDifference(string Parameter, string Label, IReadOnlyList<string?> Values);

/// <param name="Label">what people read, e.g. "Creativity"</param>
public sealed record MetricRow(string Name, string Label, IReadOnlyList<double?> Values);

public sealed record OverlaidCurve(string Name, string X, string Y, IReadOnlyList<RunSeries> Series);

public sealed record RunSeries(Guid Run, IReadOnlyList<CurvePoint> Points);
