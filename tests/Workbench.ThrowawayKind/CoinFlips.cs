using System.Text.Json.Serialization;
using Workbench.Engine;

[assembly: ExperimentPlugin(typeof(Workbench.ThrowawayKind.ThrowawayKinds))]

namespace Workbench.ThrowawayKind;

/// <summary>The plugin's kinds: one line, as in <see cref="ExperimentKinds"/>.</summary>
public static class ThrowawayKinds
{
    public static IReadOnlyList<ExperimentKind> Kinds { get; } = [CoinFlipsKind.Registration];
}

/// <summary>A throwaway experiment: flip a seeded coin, report the share of heads. Nothing in the workbench names it.</summary>
public sealed record CoinFlipsSpec : ExperimentSpec
{
    [ExperimentParameter(ParameterGroup.Task, "Coins flipped, one training step each.", Min = 1, Max = 10_000)]
    public int Flips { get; init; } = 40;

    [ExperimentParameter(ParameterGroup.Task, "Chance of heads.", Min = 0, Max = 1)]
    public double HeadsProbability { get; init; } = 0.5;

    [ExperimentParameter(ParameterGroup.Task, "Seeds the flips.", Min = 0, Max = int.MaxValue)]
    public int Seed { get; init; } = 1;

    [JsonIgnore]
    public override string Title => "Coin flips";

    [JsonIgnore]
    public override IReadOnlyDictionary<string, long> Seeds => new Dictionary<string, long> { ["flips"] = Seed };
}

public static class CoinFlipsKind
{
    public const string Name = "coinFlips";

    public static ExperimentKind Registration { get; } = ExperimentKind.Create<CoinFlipsSpec>(
        Name, "Coin flips (a kind of the tests' own)", "Flips a seeded coin and reports the share of heads.",
        [new("headsShare", "Share of heads", null, "0.00", "heads over all flips", Headline: true)],
        [new CurveDefinition("flip", "heads so far", "the running count of heads")],
        Run,
        exampleLabels: [new("heads", "the coin came up heads", LabelTone.Good), new("tails", "the coin came up tails", LabelTone.Neutral)]);

    private static ExperimentResult Run(CoinFlipsSpec spec, ExperimentContext context)
    {
        var random = new Random(spec.Seed);
        var flips = new List<bool>();
        for (var flip = 1; flip <= spec.Flips; flip++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            flips.Add(random.NextDouble() < spec.HeadsProbability);
            context.Observer.TrainingStepCompleted(new TrainingStep(flip, spec.Flips, flips.Count(heads => heads) / (double)flip));
        }
        var running = 0;
        return new ExperimentResult(
            new Dictionary<string, double> { ["headsShare"] = flips.Count(heads => heads) / (double)spec.Flips },
            [new Curve("heads", "flip", "heads so far", [.. flips.Select((heads, index) => new CurvePoint(index + 1, running += heads ? 1 : 0))])],
            [.. flips.Select((heads, index) => new LabelledExample($"flip {index + 1}", [heads ? "heads" : "tails"]))],
            Details: null);
    }
}
