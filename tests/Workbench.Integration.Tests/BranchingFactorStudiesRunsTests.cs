using System.Text.Json;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs;

namespace Workbench.Integration.Tests;

/// <summary>The branching-factor studies beyond base vs aligned, through the real API, queue and worker.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class BranchingFactorStudiesRunsTests(WorkbenchFixture fixture)
{
    private readonly RunsApiClient api = new(fixture.Hosts.CreateClient("yang"));

    private static ResamplingSpec TinyResampling => new()
    {
        Words = 8, Continuations = 6, PreferredContinuations = 1, EndProbability = 0.2, MaxWords = 6,
        PretrainingSequences = 400, PreferredSequences = 100, PretrainingSteps = 60, FineTuningSteps = 40, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, LearningRate = 1e-2, FineTuningLearningRate = 1e-2,
        Prompts = 2, PromptWords = 1, SamplesPerPrompt = 10, OutputsPerPrompt = 3, ContinuationsPerCut = 4, Seed = 2,
    };

    [Fact]
    public async Task A_resampling_run_records_accuracy_and_bf_per_cut_and_model_with_its_curves_and_examples()
    {
        var id = await api.Submit(TinyResampling);

        var run = await api.WaitUntilFinished(id);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(["aligned", "base"], run.Checkpoints.Keys.Order());
        Assert.Equal(TinyResampling.Seeds.Count, run.Seeds.Count);
        foreach (var model in new[] { "Aligned", "Base" })
            foreach (var cut in new[] { "25", "75" })
            {
                Assert.InRange(run.Metrics[$"accuracyAfterCutAt{cut}{model}"], 0, 1);
                Assert.InRange(run.Metrics[$"bfAfterCutAt{cut}{model}"], 1, TinyResampling.Words + 1);
            }
        Assert.True(run.Metrics["alignedAccuracy"] > run.Metrics["baseAccuracy"], $"aligned {run.Metrics["alignedAccuracy"]}, base {run.Metrics["baseAccuracy"]}");
        // From the prompt (share 0), the cuts, and the aligned outputs as they were (share 1).
        var aligned = Assert.Single(run.Curves, curve => curve.Name == "accuracy, continued by aligned");
        Assert.Equal([0, 0.25, 0.75, 1], aligned.Points.Select(point => point.X));
        Assert.Equal(run.Metrics["accuracyBefore"], aligned.Points[^1].Y);
        Assert.Equal(2 * 2 * 3, run.Examples.Count);
        Assert.True(fixture.Hosts.Artifacts.Contains(run.Details!));
    }

    [Fact]
    public async Task The_bf_of_another_runs_checkpoint_with_that_runs_settings_is_the_bf_it_recorded()
    {
        var source = BranchingFactorRunsTests.TinySpec;
        var trained = await api.WaitUntilFinished(await api.Submit(source));
        Assert.Equal(RunStatus.Succeeded, trained.Status);

        var id = await api.Submit(new CheckpointBranchingFactorSpec
        {
            SourceRun = trained.Id.ToString(), Model = "aligned", SamplesPerPrompt = source.SamplesPerPrompt,
            WindowSize = source.WindowSize, MinAliveSamples = source.MinAliveSamples, Seed = source.Seed,
        });
        var run = await api.WaitUntilFinished(id);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(trained.Metrics["alignedBf"], run.Metrics["bf"], 9);
        Assert.Contains(run.Curves, curve => curve.Name == "aligned (Monte-Carlo)" && curve.Points.Count > 0);
    }

    [Fact]
    public async Task Measuring_a_checkpoint_of_a_run_that_does_not_exist_is_refused_at_submit_naming_the_source_run()
    {
        var missing = Guid.NewGuid();
        var response = await api.PostRaw($$"""{"kind": "bfCheckpoint", "sourceRun": "{{missing}}"}""");
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"no run {missing}", errors.GetProperty("sourceRun")[0].GetString());
    }

    [Fact]
    public async Task A_cut_share_outside_zero_to_one_is_refused_naming_the_field()
    {
        var response = await api.PostRaw("""{"kind":"bfResampling","cutFractions":"0.25 1.5"}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cutFractions", body);
        Assert.Contains("1.5", body);
    }
}
