namespace Workbench.Web.Components;

/// <summary>The keys of <see cref="Workbench.Runs.Run.Metrics"/>, as the worker records them, with how to show them.</summary>
public static class MetricNames
{
    public const string Creativity = "creativity";

    public sealed record Shown(string Key, string Label, string Format);

    public static IReadOnlyList<Shown> InOrder { get; } =
    [
        new(Creativity, "Creativity", "0.000"),
        new("memorization", "Memorization", "0.000"),
        new("coherence", "Coherence", "0.000"),
        new("uniqueness", "Uniqueness", "0.000"),
        new("generated", "Generated", "0"),
        new("finalLoss", "Final loss", "0.0000"),
        new("baseBf", "Base BF", "0.00"),
        new("alignedBf", "Aligned BF", "0.00"),
        new("bfRatio", "BF ratio (base / aligned)", "0.00"),
    ];

    /// <summary>The one metric a list shows of a run: the first known one it has.</summary>
    public static Shown? Headline(IReadOnlyDictionary<string, double> metrics) =>
        InOrder.FirstOrDefault(metric => metric.Key is Creativity or "bfRatio" && metrics.ContainsKey(metric.Key));

    /// <summary>The known metrics present, in order, then every other one under its own name.</summary>
    public static IEnumerable<Shown> Of(IReadOnlyDictionary<string, double> metrics) =>
        InOrder.Where(metric => metrics.ContainsKey(metric.Key))
            .Concat(metrics.Keys.Where(key => InOrder.All(metric => metric.Key != key)).Order()
                .Select(key => new Shown(key, key, "0.####")));
}
