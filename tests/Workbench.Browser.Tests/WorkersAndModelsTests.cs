using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Engine.Pretrained;
using Workbench.Testing;
using Workbench.Testing.Pretrained;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class WorkersAndModelsTests(BrowserFixture fixture)
{
    private static readonly CreativitySpec Long = new()
    {
        Parents = 3, ChildrenPerParent = 4, TrainingSteps = 3000, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, EvaluationSamples = 16, Seed = 51,
    };

    [Fact]
    public async Task The_workers_page_shows_each_worker_with_its_device_queues_and_current_run_and_the_models_page_what_they_can_load()
    {
        var folder = Directory.CreateTempSubdirectory("workbench-models.").FullName;
        var gpt2 = TinyModels.Write(TinyModels.Named("gpt2"), Path.Combine(folder, "gpt2"));
        TinyModels.WriteRefused(Path.Combine(folder, "broken"));
        var seer = fixture.Hosts.StartWorker(extra: new Dictionary<string, string> { ["Models:Path"] = folder });
        using var api = fixture.Hosts.CreateClient("Ada");
        var response = await api.PostAsJsonAsync("/api/runs", (ExperimentSpec)Long, ExperimentJson.Options);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        try
        {
            var workbench = new WorkbenchPage(await fixture.NewPage());
            await workbench.Page.GotoAsync("/workers");

            // Whichever worker took the run shows it, with its device and queues.
            var busy = workbench.Page.Locator($"#workers tr:has([data-run='{id}'])");
            await Expect(busy).ToBeVisibleAsync(new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
            await Expect(busy.Locator("[data-column=running]")).ToContainTextAsync(Long.Title);
            await Expect(busy.Locator("[data-column=running]")).ToContainTextAsync("attempt 1, since");
            await Expect(busy.Locator("[data-column=device]")).ToContainTextAsync("cpu (float32)");
            await Expect(busy.Locator("[data-column=queues]")).ToHaveTextAsync("2-any, 3-cpu, experiments");
            await Expect(busy.Locator("[data-column=gpu]")).ToHaveTextAsync("none (CPU)");
            await Expect(workbench.Page.Locator($"#workers tr[data-worker='{WorkbenchHosts.WorkerName(seer)}']")).ToBeVisibleAsync();

            await workbench.Page.Locator("a[href='models']").ClickAsync();
            var listed = workbench.Page.Locator("#models tr[data-model=gpt2]");
            await Expect(listed.Locator("[data-column=loadable-by]")).ToContainTextAsync(WorkbenchHosts.WorkerName(seer), new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
            await Expect(listed.Locator("[data-column=sha256]")).ToHaveTextAsync(ModelManifest.Compute(gpt2).Sha256[..12] + "…");
            await Expect(listed.Locator("[data-column=parameters]")).ToHaveTextAsync(ModelFolder.Open(gpt2).ParameterCount.ToString("N0"));
            await Expect(listed.Locator("[data-column=refused-by]")).ToContainTextAsync("not in its models folder");
            await Expect(workbench.Page.Locator("#models tr[data-model=broken] [data-column=refused-by]")).ToContainTextAsync("quantization_config");
        }
        finally
        {
            await api.PostAsync($"/api/runs/{id}/cancel", null);
            await fixture.Hosts.StopWorker(seer);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_that_needs_cuda_waits_and_its_page_says_no_worker_serves_its_queue()
    {
        using var api = fixture.Hosts.CreateClient("Ada");
        var response = await api.PostAsJsonAsync("/api/runs", (ExperimentSpec)(Long with { Device = DeviceRequirement.Cuda }), ExperimentJson.Options);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        try
        {
            var workbench = new WorkbenchPage(await fixture.NewPage());
            await workbench.OpenRun(id);

            await Expect(workbench.StatusChip).ToHaveTextAsync("Queued");
            await Expect(workbench.Page.Locator("#run-placement")).ToContainTextAsync("No live worker serves queue 1-cuda");
        }
        finally
        {
            await api.PostAsync($"/api/runs/{id}/cancel", null);
        }
    }
}
