using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine;
using Workbench.Engine.Pretrained;
using Workbench.Engine.RealModels;
using Workbench.Testing.Pretrained;
using Workbench.Runs;

namespace Workbench.Integration.Tests;

/// <summary>
/// Runs on pretrained models through the real API, queue, worker and store: tiny real-format models written into the
/// test workbench's models folder (the setting Models:Path, which web and worker get).
/// </summary>
[Collection(WorkbenchCollection.Name)]
public sealed class PretrainedModelRunsTests(WorkbenchFixture fixture)
{
    private readonly HttpClient http = fixture.Hosts.CreateClient("holtzman");
    private RunsApiClient api => new(http);

    /// <summary>Two prompts, four samples of up to four tokens: seconds on one thread.</summary>
    private static T Tiny<T>(T spec) where T : PretrainedPromptSpec => spec with
    {
        PromptSet = PromptSet.Custom, Prompts = ["the cat sat", "hello world"], SamplesPerPrompt = 4, MaxOutputTokens = 4, WindowSize = 2, MinAliveSamples = 1,
    };

    [Fact]
    public async Task A_base_vs_aligned_run_of_two_tiny_models_records_which_models_it_loaded_and_figure_3()
    {
        var (baseName, alignedName) = (Model("qwen2", seed: 1), Model("qwen2", seed: 2));
        var id = await api.Submit(Tiny(new BaseVersusAlignedModelsSpec { BaseModel = baseName, AlignedModel = alignedName, AlignedChat = true }));

        var run = await api.WaitUntilFinished(id);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.Equal(["alignedModel", "baseModel"], run.Models.Keys.Order());
        var loaded = run.Models["baseModel"];
        Assert.Equal(baseName, loaded.Name);
        Assert.Equal(ModelManifest.Compute(Path.Combine(fixture.Hosts.ModelsPath, baseName)).Sha256, loaded.Manifest.Sha256);
        Assert.Equal(("Qwen2 (qwen2)", "cpu", "float32"), (loaded.Architecture, loaded.Device, loaded.ComputeType));
        Assert.Equal(ModelFolder.Open(Path.Combine(fixture.Hosts.ModelsPath, baseName)).ParameterCount, loaded.Parameters);
        Assert.Equal(2, (await api.Events(id)).Count(e => e.Type == "model_loaded"));
        Assert.Equal(run.Metrics["baseBf"] / run.Metrics["alignedBf"], run.Metrics["bfRatio"], 9);
        Assert.Contains(run.Curves, curve => curve.Name == "base (Monte-Carlo)" && curve.Points.Count > 0);
        Assert.Contains(run.Curves, curve => curve.Name == "aligned (Monte-Carlo)" && curve.Points.Count > 0);
        Assert.Contains(run.Curves, curve => curve.Name == "ratio (base / aligned)");
        Assert.True(fixture.Hosts.Artifacts.Contains(run.Details!));
    }

    [Fact]
    public async Task An_unknown_model_and_a_missing_shard_are_refused_at_submit_naming_the_field()
    {
        var unknown = await Problem(await api.PostRaw("""{"kind": "modelBaseVsAligned", "baseModel": "no-such-model", "alignedModel": "neither"}"""));
        Assert.Contains("There is no model \"no-such-model\" in the models folder", unknown.GetProperty("errors").GetProperty("baseModel")[0].GetString());
        Assert.Contains("There is no model \"neither\"", unknown.GetProperty("errors").GetProperty("alignedModel")[0].GetString());

        var sharded = Model("llama3", seed: 1);
        File.Delete(Path.Combine(fixture.Hosts.ModelsPath, sharded, "model-00002-of-00002.safetensors"));
        var missingShard = await Problem(await api.PostRaw($$"""{"kind": "modelBf", "model": "{{sharded}}"}"""));
        Assert.Contains("names the shard model-00002-of-00002.safetensors, which is not in the folder",
            missingShard.GetProperty("errors").GetProperty("model")[0].GetString());

        var path = await Problem(await api.PostRaw("""{"kind": "modelBf", "model": "../../etc"}"""));
        Assert.Contains("is not a model name", path.GetProperty("errors").GetProperty("model")[0].GetString());
    }

    [Fact]
    public async Task A_replay_measures_the_same_model_and_refuses_one_whose_files_changed_naming_the_model_and_files()
    {
        var name = Model("gpt2", seed: 5);
        var original = await api.WaitUntilFinished(await api.Submit(Tiny(new PretrainedBranchingFactorSpec { Model = name })));
        Assert.True(original.Status == RunStatus.Succeeded, original.Error);

        var same = await api.WaitUntilFinished(await api.Replay(original.Id));
        Assert.True(same.Status == RunStatus.Succeeded, same.Error);
        Assert.Equal(original.Metrics, same.Metrics);
        Assert.Equal(original.Models["model"].Manifest.Sha256, same.Models["model"].Manifest.Sha256);

        // What a run loaded travels with it: exported, then imported as another workbench would (a new id).
        var archive = JsonNode.Parse(await http.GetStringAsync($"/api/runs/{original.Id}/export"))!.AsObject();
        var importedId = Guid.CreateVersion7();
        archive["runId"] = importedId;
        archive["events"]![0]!["data"]!["runId"] = importedId;
        var import = await http.PostAsync("/api/runs/import", new StringContent(archive.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(import.StatusCode == HttpStatusCode.Created, await import.Content.ReadAsStringAsync());
        Assert.Equal(original.Models["model"].Manifest.Files, (await api.Get(importedId)).Models["model"].Manifest.Files);

        // The last weight changes, the file keeps its size; another file goes.
        var folder = Path.Combine(fixture.Hosts.ModelsPath, name);
        await using (var weights = File.Open(Path.Combine(folder, "model.safetensors"), FileMode.Open))
        {
            weights.Seek(-1, SeekOrigin.End);
            var last = weights.ReadByte();
            weights.Seek(-1, SeekOrigin.End);
            weights.WriteByte((byte)(last ^ 0x01));
        }
        File.Delete(Path.Combine(folder, "generation_config.json"));
        var changed = await api.WaitUntilFinished(await api.Replay(original.Id));

        Assert.Equal(RunStatus.Failed, changed.Status);
        Assert.StartsWith($"model: model \"{name}\" changed since the replayed run loaded it", changed.Error);
        Assert.Contains("generation_config.json is missing", changed.Error);
        Assert.Contains("model.safetensors changed", changed.Error);
        Assert.Empty(changed.Models);
    }

    [Fact]
    public async Task Run_local_reads_the_models_of_a_local_folder()
    {
        var name = Model("gpt2", seed: 6);
        using var cli = new CliRunner(fixture.Hosts.BaseAddress, "unused");
        var spec = cli.File(".json", JsonSerializer.Serialize<ExperimentSpec>(Tiny(new PretrainedBranchingFactorSpec { Model = name }), ExperimentJson.Options));

        var result = await cli.InItsOwnProcess("run-local", spec, "--models", fixture.Hosts.ModelsPath, "--threads", "1");
        var unknown = await cli.InItsOwnProcess("run-local", spec, "--models", cli.Folder, "--threads", "1");

        Assert.True(result.ExitCode == 0, result.Error);
        var output = JsonDocument.Parse(result.Output).RootElement;
        var loaded = Assert.Single(output.GetProperty("models").EnumerateArray());
        Assert.Equal(name, loaded.GetProperty("name").GetString());
        Assert.True(output.GetProperty("metrics").GetProperty("bf").GetDouble() >= 1);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains($"model: There is no model \"{name}\"", unknown.Error);
    }

    /// <summary>Writes a tiny model of the family into the workbench's models folder under a name of its own.</summary>
    private string Model(string family, ulong seed)
    {
        var name = $"{family}-{Guid.NewGuid():N}"[..20];
        TinyModels.Write(family == "qwen2" ? TinyModels.WithContext(family, 256) : TinyModels.Named(family), Path.Combine(fixture.Hosts.ModelsPath, name), seed);
        return name;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
