using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs;

namespace Workbench.Integration.Tests;

[Collection(WorkbenchCollection.Name)]
public sealed class BranchingFactorRunsTests(WorkbenchFixture fixture)
{
    private readonly RunsApiClient api = new(fixture.Hosts.CreateClient("yang"));

    public static BranchingFactorSpec TinySpec => new()
    {
        Words = 8, Continuations = 6, PreferredContinuations = 1, EndProbability = 0.2, MaxWords = 6,
        PretrainingSequences = 400, PreferredSequences = 100, PretrainingSteps = 60, FineTuningSteps = 30, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, LearningRate = 1e-2, FineTuningLearningRate = 3e-3,
        Prompts = 3, PromptWords = 1, SamplesPerPrompt = 20, MinAliveSamples = 5, Seed = 2,
    };

    [Fact]
    public async Task A_base_versus_aligned_run_records_both_models_and_their_bf_curves()
    {
        var id = await api.Submit(TinySpec);

        var run = await api.WaitUntilFinished(id);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(["aligned", "base"], run.Checkpoints.Keys.Order());
        Assert.Equal(90, run.Loss.Count);
        Assert.Equal(run.Metrics["baseBf"] / run.Metrics["alignedBf"], run.Metrics["bfRatio"], 12);
        Assert.Contains(run.Curves, curve => curve.Name == "base (Monte-Carlo)" && curve.Points.Count > 0);
        Assert.Contains(run.Curves, curve => curve.Name == "aligned (Monte-Carlo)" && curve.Points.Count > 0);
        Assert.True(fixture.Hosts.Artifacts.Contains(run.Details!));
        Assert.Equal(TinySpec.Seeds.Count, run.Seeds.Count);
    }

    [Fact]
    public async Task A_prompt_with_a_word_outside_the_language_is_refused_naming_the_prompt()
    {
        var response = await api.PostRaw("""{"kind":"branchingFactor","words":8,"customPrompts":["w1 w2", "w99"]}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("customPrompts", body);
        Assert.Contains("value 2 'w99' is not a word of the language", body);
    }
}
