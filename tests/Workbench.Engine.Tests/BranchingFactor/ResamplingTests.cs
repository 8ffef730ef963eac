using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.Tests.BranchingFactor;

public class ResamplingTests
{
    /// <summary>One preferred continuation in six: the base model almost never keeps to it, the aligned one learns to.</summary>
    private static readonly ResamplingSpec Tiny = new()
    {
        Words = 8, Continuations = 6, PreferredContinuations = 1, EndProbability = 0.2, MaxWords = 6,
        PretrainingSequences = 400, PreferredSequences = 100, PretrainingSteps = 120, FineTuningSteps = 80, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, LearningRate = 1e-2, FineTuningLearningRate = 1e-2,
        Prompts = 3, PromptWords = 1, SamplesPerPrompt = 20, OutputsPerPrompt = 5, ContinuationsPerCut = 4, Seed = 2,
    };

    public ResamplingTests() => OneTorchThread.Configure();

    [Theory]
    [InlineData(0.25, 8, 2)]
    [InlineData(0.75, 8, 6)]
    [InlineData(0.99, 4, 3)] // at least one token is rewritten
    [InlineData(0.5, 1, 0)]  // an output of only the end token is rewritten whole
    public void A_cut_keeps_the_floor_of_the_share_of_the_output(double share, int length, int kept) =>
        Assert.Equal(kept, ResamplingExperiment.KeptTokens(share, length));

    [Fact]
    public void The_preferred_check_accepts_only_finished_outputs_of_preferred_continuations()
    {
        // After the begin token or w0 (id 3) comes w1 (id 4) or the end; after w1 only w0.
        const int w0 = 3, w1 = 4;
        double[][] rows =
        [
            [0, 0, 1, 0, 0], [0, 0, 0, 0, 1], [0, 0, 1, 0, 0], [0, 0, 0.5, 0, 0.5], [0, 0, 0, 1, 0],
        ];
        var source = new MarkovSource(rows, Vocabulary.End, maxWords: 3);
        Assert.True(source.CouldWrite([Vocabulary.Begin, w1], [w0, Vocabulary.End]));
        Assert.True(source.CouldWrite([Vocabulary.Begin, w1], [w0, w1, Vocabulary.End]));
        Assert.False(source.CouldWrite([Vocabulary.Begin, w1], [w0, w1]), "unfinished");
        Assert.False(source.CouldWrite([Vocabulary.Begin, w1], [w1, Vocabulary.End]), "w1 after w1");
        Assert.False(source.CouldWrite([Vocabulary.Begin, w1], [w0, w1, w0, Vocabulary.End]), "past the word limit");
    }

    [Fact]
    public void Aligned_outputs_are_mostly_correct_and_the_base_model_spoils_what_it_continues()
    {
        var observer = new StudyObserver();
        var outcome = ResamplingExperiment.Run(Tiny, observer, CancellationToken.None);

        Assert.Equal(Tiny.PretrainingSteps + Tiny.FineTuningSteps, observer.Steps.Count);
        Assert.Equal(["base", "aligned"], observer.Checkpoints.Select(checkpoint => checkpoint.Model));
        Assert.Equal([(0.25, "aligned"), (0.25, "base"), (0.75, "aligned"), (0.75, "base")], outcome.Cuts.Select(cut => (cut.Share, cut.Resampler)));
        Assert.All(outcome.Metrics.Values, value => Assert.True(double.IsFinite(value)));
        Assert.True(outcome.AlignedAccuracy > 0.5, $"aligned accuracy {outcome.AlignedAccuracy:F2}");
        Assert.True(outcome.BaseAccuracy < outcome.AlignedAccuracy, $"base {outcome.BaseAccuracy:F2}, aligned {outcome.AlignedAccuracy:F2}");
        var early = outcome.Cuts.Single(cut => cut is { Share: 0.25, Resampler: "base" });
        var late = outcome.Cuts.Single(cut => cut is { Share: 0.75, Resampler: "base" });
        Assert.True(early.Accuracy < outcome.AccuracyBefore, $"base continuing at 25 %: {early.Accuracy:F2}, before {outcome.AccuracyBefore:F2}");
        Assert.True(early.MeanKept < late.MeanKept);
        Assert.Equal(outcome.Cuts[1].Accuracy, outcome.Metrics["accuracyAfterCutAt25Base"]);
        Assert.Equal(outcome.Cuts[2].BranchingFactor, outcome.Metrics["bfAfterCutAt75Aligned"]);
        Assert.Equal(outcome.Aligned.Reported, outcome.Metrics["alignedBf"]);
        Assert.True(outcome.Aligned.Reported < outcome.Base.Reported);
        Assert.All(outcome.Examples, example => Assert.Equal(example.Correct,
            example.Continuation.EndsWith(Vocabulary.EndName) && example.Correct));
        Assert.Equal(2 * 2 * 3, outcome.Examples.Count);
    }

    [Fact]
    public void Cut_shares_outside_zero_to_one_or_unreadable_are_refused_naming_the_field()
    {
        Assert.Equal([new SpecError("cutFractions", "value 2 (1.5) must be above 0 and below 1")], new ResamplingSpec { CutFractions = [0.25, 1.5] }.Validate());
        Assert.Contains(ExperimentJson.ReadSpec("""{"kind": "bfResampling", "cutFractions": ["half"]}""").Errors, error => error.Field == "cutFractions");
        Assert.Contains(new ResamplingSpec { CutFractions = [] }.Validate(), error => error.Field == "cutFractions");
        Assert.Contains(new ResamplingSpec { OutputsPerPrompt = 60 }.Validate(), error => error.Field == "outputsPerPrompt");
        Assert.Empty(new ResamplingSpec().Validate());
        Assert.Equal([0.25, 0.75], new ResamplingSpec().CutFractions);
        Assert.Equal(["initialisation", "language", "measurement", "resampling"],
            new ResamplingSpec().Seeds.Keys.Where(key => key is "initialisation" or "language" or "measurement" or "resampling").Order());
    }
}
