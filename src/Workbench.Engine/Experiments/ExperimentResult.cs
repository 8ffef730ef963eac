namespace Workbench.Engine;

/// <summary>
/// What every experiment kind returns, whatever it measured: the host records it as it is (the worker as one
/// event plus artifacts; <c>run-local</c> as JSON).
/// </summary>
/// <param name="Metrics">named final numbers, e.g. "creativity"; the kind's registration describes the usual ones</param>
/// <param name="Curves">small series to plot, e.g. BF over output position per model</param>
/// <param name="Examples">generations with their labels, for people to read: all of them (the host keeps a few in
/// the event and the rest in an artifact)</param>
/// <param name="Details">the whole result for downloads and later analysis (any JSON-serialisable object), or null</param>
public sealed record ExperimentResult(
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<Curve> Curves,
    IReadOnlyList<LabelledExample> Examples,
    object? Details);

/// <summary>A named series of points, e.g. "base (Monte-Carlo)" of BF (y) over output position (x).</summary>
public sealed record Curve(string Name, string X, string Y, IReadOnlyList<CurvePoint> Points);

public sealed record CurvePoint(double X, double Y);

/// <summary>One generation as text with the labels its kind gives it (<see cref="ExperimentKind.ExampleLabels"/>), e.g. "coherent".</summary>
public sealed record LabelledExample(string Text, IReadOnlyList<string> Labels)
{
    /// <summary>Never null, also when read from a document written before examples had labels.</summary>
    public IReadOnlyList<string> Labels { get; init; } = Labels ?? [];
}

/// <summary>A label a kind may put on its examples, and how a person should read it.</summary>
/// <param name="Tone">good, bad, warning or neutral: the colour it is shown in</param>
public sealed record ExampleLabel(string Name, string Description, LabelTone Tone);

public enum LabelTone { Neutral, Good, Bad, Warning }

/// <summary>A metric a kind reports, described once for every table, chart, filter and CSV.</summary>
/// <param name="Name">the key in <see cref="ExperimentResult.Metrics"/>, e.g. "creativity"</param>
/// <param name="Label">what people read, e.g. "Creativity"</param>
/// <param name="Format">a .NET number format, e.g. "0.000"</param>
/// <param name="HigherIsBetter">true or false where one direction is better (for picking a best run or setting); null where neither is (a BF)</param>
/// <param name="Headline">shown in run lists next to the title</param>
public sealed record MetricDefinition(string Name, string Label, bool? HigherIsBetter, string Format, string Description, bool Headline = false);

/// <summary>
/// A change to what a kind computes, told to whoever replays a run recorded before it (the replay verdict). Such a run is
/// recognised by a metric first reported with the change: a run that never recorded it was computed before.
/// </summary>
/// <param name="FirstRecorded">a metric the kind reports since the change</param>
/// <param name="Description">what changed and which recorded values it moves</param>
public sealed record ResultChange(string FirstRecorded, string Description);

/// <summary>A family of curves a kind draws: what x and y are.</summary>
public sealed record CurveDefinition(string X, string Y, string Description);
