using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs;
using Workbench.Runs.Replaying;

namespace Workbench.Integration.Tests;

/// <summary>
/// Runs exported by the workbench before experiment kinds were registered (OldStreams/*.json, written by that version's
/// own code, generation engine 1): their list parameters were one text field, their run ids text, their examples
/// creativity's flags. They import, read as today's specs, and replay: identically up to sampling (same data, every loss
/// and every checkpoint bit for bit), and where today's generation engine draws other tokens the verdict says so.
/// </summary>
[Collection(WorkbenchCollection.Name)]
public sealed class OldStreamsTests(WorkbenchFixture fixture)
{
    /// <summary>The checkpoint run measures the base-vs-aligned run's weights, so that one comes first.</summary>
    private static readonly string[] Archives =
        ["branching-factor", "bf-checkpoint", "bf-resampling", "bf-decoding-sensitivity", "bf-factor-analysis", "creativity", "creativity-diffusion-prefix"];

    [Fact]
    public async Task Archives_written_before_kinds_were_registered_import_as_todays_specs_and_replay_their_training_identically()
    {
        var http = fixture.Hosts.CreateClient("ada");
        var api = new RunsApiClient(http);
        var ids = new Dictionary<string, Guid>();
        foreach (var name in Archives)
        {
            var archive = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "OldStreams", name + ".json"));
            var response = await http.PostAsync("/api/runs/import", new StringContent(archive, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{name}: {await response.Content.ReadAsStringAsync()}");
            ids[name] = JsonDocument.Parse(archive).RootElement.GetProperty("runId").GetGuid();
        }

        // Each text field is a list now, split as the old version split it.
        Assert.Equal([0.5, 1, 1.5], Assert.IsType<DecodingSensitivitySpec>((await api.Get(ids["bf-decoding-sensitivity"])).Spec).Temperatures);
        Assert.Equal([0.8, 1], Assert.IsType<DecodingSensitivitySpec>((await api.Get(ids["bf-decoding-sensitivity"])).Spec).TopPs);
        Assert.Equal([0.3, 0.6, 0.9], Assert.IsType<ResamplingSpec>((await api.Get(ids["bf-resampling"])).Spec).CutFractions);
        var pair = Assert.IsType<BranchingFactorSpec>((await api.Get(ids["branching-factor"])).Spec);
        Assert.Equal(["w1", "w2 w3", "w4"], pair.CustomPrompts!);
        Assert.Equal(["w1 w2", "w3 w4 w5"], pair.PreferredCorpus!);
        Assert.Equal(ids["branching-factor"], Assert.IsType<CheckpointBranchingFactorSpec>((await api.Get(ids["bf-checkpoint"])).Spec).SourceRun);
        // The examples carry labels, and the whole sample set is browsable.
        var creativity = await api.Get(ids["creativity"]);
        Assert.All(creativity.Examples, example => Assert.Contains(example.Labels, label => label is "coherent" or "incoherent"));
        Assert.Equal(creativity.Details, creativity.AllExamples);

        var replays = new Dictionary<string, Guid>();
        foreach (var (name, id) in ids) replays[name] = await api.Replay(id);
        foreach (var (name, replay) in replays)
        {
            Assert.Equal(RunStatus.Succeeded, (await api.WaitUntilFinished(replay)).Status);
            var verdict = await api.Verification(replay);
            if (verdict.Kind == VerdictKind.Identical) continue;
            // Training is replayed exactly; only what was sampled may differ, and the verdict names the engine versions.
            Assert.True(verdict.FirstDivergence!.Event == "evaluation_completed", $"{name}: {verdict.FirstDivergence}");
            Assert.Contains(verdict.EnvironmentDifferences, difference => difference is { Name: "generation engine", Original: "1", Replay: "2" });
        }
    }
}
