using Workbench.Engine.Creativity;

namespace Workbench.Engine.Tests;

/// <summary>Train once, decode many: one run's settings measure what separate runs at each setting measure.</summary>
public class DecodeManyTests
{
    public DecodeManyTests() => TestTorch.Configure();

    private static readonly CreativitySpec Tiny = new()
    {
        Task = CreativityTask.LineConstruction, ConstructionNodes = 6, StructureNodes = 3, TrainingFraction = 0.3, TrainingSteps = 40,
        BatchSize = 16, Width = 32, Depth = 1, Heads = 2, EvaluationSamples = 64, Seed = 5,
    };

    private static IReadOnlyDictionary<string, double> Metrics(CreativitySpec spec) =>
        CreativityKind.Registration.Run(spec, new ExperimentContext(new SilentObserver(), CancellationToken.None)).Metrics;

    [Theory]
    [InlineData(TrainingObjective.NextToken)]
    [InlineData(TrainingObjective.Diffusion)]
    public void Every_setting_of_a_sweep_measures_what_a_separate_run_at_that_setting_measures(TrainingObjective objective)
    {
        var sweep = Tiny with { Objective = objective, DecodeTemperatures = [0, 1.5], DecodeTopKs = [0, 2] };
        var many = Metrics(sweep);
        Assert.Equal(4, sweep.DecodingSettings.Count);
        foreach (var setting in sweep.DecodingSettings)
        {
            var alone = Metrics(Tiny with { Objective = objective, Temperature = setting.Temperature, TopK = setting.TopK });
            foreach (var metric in CreativityKind.PerSettingMetrics)
                Assert.Equal(alone[metric], many[setting.MetricName(metric)]);
        }
        // The spec's own setting (temperature 1, no top-k) is the headline, sweep or not.
        Assert.Equal(Metrics(Tiny with { Objective = objective })["creativity"], many["creativity"]);
        var best = sweep.DecodingSettings.MaxBy(setting => many[setting.MetricName("creativity")])!;
        Assert.Equal(many[best.MetricName("creativity")], many["bestSettingCreativity"]);
        Assert.Equal(best.Temperature, many["bestSettingTemperature"]);
    }

    [Fact]
    public void With_the_prefix_fixed_greedy_decoding_writes_one_answer_and_with_fresh_prefixes_many()
    {
        var spec = Tiny with { SeedPrefixLength = 4, DecodeTemperatures = [0], DecodeWithFixedPrefix = true };
        Assert.Equal([new CreativityDecodingSetting(0, 0), new CreativityDecodingSetting(0, 0, FixedPrefix: true)], spec.DecodingSettings);
        var outcome = CreativityExperiment.Run(spec, new SilentObserver(), CancellationToken.None);
        Assert.Single(outcome.Settings[1].Samples.Select(sample => sample.Text).Distinct());
        Assert.True(outcome.Settings[0].Samples.Select(sample => sample.Text).Distinct().Count() > 1);
    }

    [Fact]
    public void Setting_keys_are_metric_names_the_filter_accepts_and_read_back_as_their_setting()
    {
        var settings = new[] { new CreativityDecodingSetting(0.5, 50), new CreativityDecodingSetting(2, 0, true), new CreativityDecodingSetting(0, 0), new CreativityDecodingSetting(0, 50) };
        Assert.Equal(["t0p5_k50", "t2_k0_fixedprefix", "t0_k0", "t0_k50"], settings.Select(setting => setting.Key));
        Assert.Equal(["T 0.5, top-k 50", "T 2, fixed prefix", "greedy", "greedy (top-k 50)"], settings.Select(setting => setting.Label));
        Assert.All(settings, setting => Assert.Equal(setting, CreativityDecodingSetting.FromKey(setting.Key)));
        Assert.Null(CreativityDecodingSetting.FromKey("t1"));
        Assert.Equal("Creativity at T 0.5, top-k 50", ExperimentKinds.MetricLabel("creativity__t0p5_k50"));
        Assert.Matches("^[A-Za-z][A-Za-z0-9_]*$", settings[0].MetricName("creativityReference"));
    }

    [Fact]
    public void A_single_setting_keeps_the_details_it_always_had()
    {
        var result = CreativityKind.Registration.Run(Tiny, new ExperimentContext(new SilentObserver(), CancellationToken.None));
        Assert.IsAssignableFrom<IReadOnlyList<LabelledSample>>(result.Details);
        Assert.DoesNotContain(result.Metrics.Keys, key => key.Contains(SettingMetric.Separator) || key.StartsWith("best", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluating_during_training_reports_the_best_checkpoint()
    {
        var metrics = Metrics(Tiny with { EvaluationEvery = 10 });
        Assert.Contains(metrics["bestCheckpointStep"], new double[] { 10, 20, 30, 40 });
        Assert.True(metrics["bestCheckpointCreativity"] >= metrics["creativity"]);
    }
}
