using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Engine.Creativity;
using Workbench.Engine.Training;
using Workbench.Runs;
using Workbench.Runs.Replaying;
using Workbench.Testing.Pretrained;

namespace Workbench.Integration.Tests;

/// <summary>A creativity run that fine-tunes a tiny GPT-2 of the workbench's models folder, through the real API, queue, worker and store.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class FineTuningRunsTests(WorkbenchFixture fixture)
{
    private readonly RunsApiClient api = new(fixture.Hosts.CreateClient("holtzman"));

    [Fact]
    public async Task A_fine_tuning_run_records_the_model_it_started_from_and_its_replay_is_identical()
    {
        var name = Model("gpt2", seed: 7);
        var spec = new CreativitySpec
        {
            Parents = 3, ChildrenPerParent = 4, TrainingFraction = 0.5, Objective = TrainingObjective.Teacherless, PretrainedModel = name,
            TrainingSteps = 20, BatchSize = 16, LearningRate = 3e-3, EvaluationSamples = 32, Seed = 5,
        };

        var original = await api.WaitUntilFinished(await api.Submit(spec));
        var replay = await api.WaitUntilFinished(await api.Replay(original.Id));

        Assert.True(original.Status == RunStatus.Succeeded, original.Error);
        var loaded = original.Models["pretrainedModel"];
        Assert.Equal((name, "Gpt2 (gpt2)", "float32"), (loaded.Name, loaded.Architecture, loaded.ComputeType));
        Assert.Equal(32, original.Metrics["generated"]);
        Assert.Empty(original.Checkpoints);
        Assert.Equal(VerdictKind.Identical, (await api.Verification(replay.Id)).Kind);
        Assert.Equal(original.Metrics, replay.Metrics);
        Assert.Equal(loaded.Manifest.Sha256, replay.Models["pretrainedModel"].Manifest.Sha256);
    }

    [Fact]
    public async Task A_model_that_is_not_a_gpt2_or_not_there_is_refused_at_submit_naming_the_field()
    {
        var llama = Model("llama2", seed: 8);

        var other = await Problem(await api.PostRaw($$"""{"kind": "creativity", "pretrainedModel": "{{llama}}"}"""));
        var unknown = await Problem(await api.PostRaw("""{"kind": "creativity", "pretrainedModel": "no-such-gpt2"}"""));
        var diffusion = await Problem(await api.PostRaw($$"""{"kind": "creativity", "objective": "diffusion", "pretrainedModel": "{{llama}}"}"""));

        Assert.Contains("is a Llama (llama) model; only Gpt2 (gpt2) models", other.GetProperty("errors").GetProperty("pretrainedModel")[0].GetString());
        Assert.Contains("There is no model \"no-such-gpt2\"", unknown.GetProperty("errors").GetProperty("pretrainedModel")[0].GetString());
        Assert.Contains("diffusion", diffusion.GetProperty("errors").GetProperty("pretrainedModel")[0].GetString());
    }

    /// <summary>Writes a tiny model of the family into the workbench's models folder under a name of its own.</summary>
    private string Model(string family, ulong seed)
    {
        var name = $"finetune-{family}-{Guid.NewGuid():N}"[..24];
        TinyModels.Write(TinyModels.Named(family), Path.Combine(fixture.Hosts.ModelsPath, name), seed);
        return name;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
