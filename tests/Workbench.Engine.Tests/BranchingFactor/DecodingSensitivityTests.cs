using Workbench.Engine.BranchingFactor;

namespace Workbench.Engine.Tests.BranchingFactor;

public class DecodingSensitivityTests
{
    private static readonly DecodingSensitivitySpec Tiny = new()
    {
        Words = 8, Continuations = 6, PreferredContinuations = 1, EndProbability = 0.2, MaxWords = 6,
        PretrainingSequences = 400, PreferredSequences = 100, PretrainingSteps = 120, FineTuningSteps = 80, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, LearningRate = 1e-2, FineTuningLearningRate = 1e-2,
        Prompts = 3, PromptWords = 1, SamplesPerPrompt = 20, Seed = 2,
        Temperatures = [0, 1, 2], TopPs = [0.5, 1],
    };

    public DecodingSensitivityTests() => OneTorchThread.Configure();

    [Fact]
    public void Each_model_is_measured_once_per_distinct_setting_and_greedy_decoding_has_bf_one()
    {
        var outcome = DecodingSensitivityExperiment.Run(Tiny, new StudyObserver(), CancellationToken.None);

        // Temperature 1 with top-p 1 is on both lists and measured once.
        DecodingSettings[] settings = [new(0), new(1), new(2), new(TopP: 0.5)];
        Assert.Equal([.. settings, .. settings], outcome.Settings.Select(quality => quality.Settings));
        Assert.Equal(["base", "base", "base", "base", "aligned", "aligned", "aligned", "aligned"], outcome.Settings.Select(quality => quality.Model));
        Assert.All(outcome.Settings.Where(quality => quality.Settings.Temperature == 0), quality => Assert.Equal(1, quality.BranchingFactor, 12));
        foreach (var model in new[] { "base", "aligned" })
        {
            var measured = outcome.Settings.Where(quality => quality.Model == model).ToList();
            Assert.True(measured[1].BranchingFactor < measured[2].BranchingFactor, $"{model}: BF must grow with temperature");
            Assert.True(measured[3].BranchingFactor < measured[1].BranchingFactor, $"{model}: top-p 0.5 must narrow the distribution");
            Assert.Equal(DecodingSensitivityExperiment.StandardDeviation(measured.Take(3).Select(quality => quality.Validity)),
                outcome.Metrics[$"{model}ValidityStdOverTemperature"], 12);
            Assert.Equal(DecodingSensitivityExperiment.StandardDeviation([measured[3].Accuracy, measured[1].Accuracy]),
                outcome.Metrics[$"{model}AccuracyStdOverTopP"], 12);
        }
        Assert.True(outcome.Metrics["alignedAccuracyMean"] > outcome.Metrics["baseAccuracyMean"]);
        Assert.All(outcome.Settings, quality => Assert.InRange(quality.Accuracy, 0, quality.Validity));
    }

    [Fact]
    public void Standard_deviation_is_over_the_settings_themselves() =>
        Assert.Equal(1, DecodingSensitivityExperiment.StandardDeviation([1, 3]), 12);

    [Fact]
    public void Lists_of_settings_are_checked_per_field()
    {
        Assert.Equal([new SpecError("temperatures", "has 1 values; 2 to 20 values, each 0 to 5")], new DecodingSensitivitySpec { Temperatures = [1] }.Validate());
        Assert.Equal([new SpecError("temperatures", "value 2 (6) must be between 0 and 5")], new DecodingSensitivitySpec { Temperatures = [1, 6] }.Validate());
        Assert.Equal([new SpecError("topPs", "value 1 (0) must be above 0 and at most 1")], new DecodingSensitivitySpec { TopPs = [0, 1] }.Validate());
        Assert.Equal([new SpecError("topPs", "lists 0.5 twice")], new DecodingSensitivitySpec { TopPs = [0.5, 0.50] }.Validate());
        Assert.Empty(new DecodingSensitivitySpec().Validate());
    }
}
