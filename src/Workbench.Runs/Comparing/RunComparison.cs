using Workbench.Engine;
using Workbench.Runs.Executing;

namespace Workbench.Runs.Comparing;

/// <summary>
/// 2 to 10 runs side by side: what differs in their specs (only that), their final metrics, and their
/// curves overlaid, one series per run in each chart.
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
            .Select(parameter => new SpecDifference(parameter, specs.Select(spec => spec.GetValueOrDefault(parameter)).ToList()))
            .Where(difference => difference.Values.Distinct().Count() > 1)
            .ToList();
        var metrics = runs.SelectMany(run => run.Metrics.Keys).Distinct()
            .Select(name => new MetricRow(name, runs.Select(run => run.Metrics.TryGetValue(name, out var value) ? value : (double?)null).ToList()))
            .ToList();
        return new RunComparison(runs.Select(ComparedRun.Of).ToList(), differences, metrics, Overlay(runs));
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

public sealed record ComparedRun(Guid Id, string Title, string Kind, RunStatus Status, string SubmittedBy, DateTimeOffset SubmittedAt)
{
    public static ComparedRun Of(Run run) => new(run.Id, run.Title, ExperimentJson.KindOf(run.Spec), run.Status, run.SubmittedBy, run.SubmittedAt);
}

/// <param name="Values">the parameter's value in each run, in the order of <see cref="RunComparison.Runs"/>; null where a run's kind has no such parameter</param>
public sealed record SpecDifference(string Parameter, IReadOnlyList<string?> Values);

public sealed record MetricRow(string Name, IReadOnlyList<double?> Values);

public sealed record OverlaidCurve(string Name, string X, string Y, IReadOnlyList<RunSeries> Series);

public sealed record RunSeries(Guid Run, IReadOnlyList<CurvePoint> Points);
