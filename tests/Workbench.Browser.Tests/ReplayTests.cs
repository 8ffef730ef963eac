using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ReplayTests(BrowserFixture fixture)
{
    private static readonly TimeSpan RunPatience = TimeSpan.FromMinutes(3);

    private static readonly CreativitySpec Tiny = new()
    {
        Parents = 3, ChildrenPerParent = 4, TrainingSteps = 20, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, EvaluationSamples = 16, Seed = 41,
    };

    [Fact]
    public async Task Replaying_a_finished_run_from_its_page_shows_the_identical_verdict()
    {
        var original = await FinishedRun(Tiny);
        var workbench = new WorkbenchPage(await fixture.NewPage());
        await workbench.OpenRun(original);

        await workbench.Page.Locator("#replay-run").ClickAsync();

        await Expect(workbench.Page.Locator("#original-run")).ToHaveTextAsync(original.ToString(), new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(workbench.Page).ToHaveURLAsync(WorkbenchPage.RunAddress());
        Assert.NotEqual(original.ToString(), workbench.Page.Url.Split('/')[^1]);
        await Expect(workbench.Page.Locator("#verdict-kind")).ToHaveTextAsync("Identical", new() { Timeout = WorkbenchPage.Ms(RunPatience) });

        await workbench.Page.Locator("#original-run").ClickAsync();
        await Expect(workbench.Page.Locator("#derived-runs")).ToContainTextAsync("Replay by");
    }

    [Fact]
    public async Task A_clone_starts_from_the_recorded_spec_and_its_page_names_what_changed()
    {
        var original = await FinishedRun(Tiny with { Seed = 42 });
        var workbench = new WorkbenchPage(await fixture.NewPage());
        await workbench.OpenRun(original);

        await workbench.Page.Locator("#clone-run").ClickAsync();
        await Expect(workbench.Page.Locator("#cloned-from")).ToBeVisibleAsync(new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(workbench.Page.Locator("#spec-seed")).ToHaveValueAsync("42");
        await Expect(workbench.Page.Locator("#spec-trainingSteps")).ToHaveValueAsync("20");
        await workbench.SetSpec("seed", 43);
        await workbench.SubmitButton.ClickAsync();

        await Expect(workbench.Page).ToHaveURLAsync(WorkbenchPage.RunAddress(), new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(workbench.Page.Locator("#verdict-kind")).ToHaveTextAsync("Diverged", new() { Timeout = WorkbenchPage.Ms(RunPatience) });
        await Expect(workbench.Page.Locator("#spec-differences")).ToContainTextAsync("Seed");
        await Expect(workbench.Page.Locator("#first-divergence")).ToContainTextAsync("content hash");
    }

    [Fact]
    public async Task Time_travel_shows_the_run_as_it_was_after_an_earlier_event()
    {
        var original = await FinishedRun(Tiny with { Seed = 44 });
        var workbench = new WorkbenchPage(await fixture.NewPage());
        await workbench.OpenRun(original);
        await Expect(workbench.Metric("creativity")).ToBeVisibleAsync();

        await workbench.Page.Locator("#time-travel input[type=range]").FillAsync("2");

        await Expect(workbench.Page.Locator("#time-travel-position")).ToContainTextAsync("As of event 2");
        await Expect(workbench.Page.Locator("#time-travel-position")).ToContainTextAsync("Run queued");
        await Expect(workbench.Metric("creativity")).ToHaveCountAsync(0);
        await Expect(workbench.Page.GetByText("No training steps recorded yet.")).ToBeVisibleAsync();

        await workbench.Page.Locator("#time-travel-live").ClickAsync();
        await Expect(workbench.Metric("creativity")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_event_table_reads_what_happened_in_words_never_the_stored_type_names()
    {
        var id = await FinishedRun(Tiny with { Seed = 45 });
        var workbench = new WorkbenchPage(await fixture.NewPage());

        await workbench.OpenRun(id);

        // Newest first; the stored names (run_started_v2, evaluation_completed_v2) stay in the API's raw events.
        var events = workbench.Page.Locator("#event-timeline tbody tr td:nth-child(3)");
        await Expect(events.First).ToHaveTextAsync("Run succeeded", new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        string[] titles = ["Run submitted", "Run queued", "Run started", "Dataset generated", "Training progressed", "Checkpoint saved", "Evaluation completed", "Run succeeded"];
        Assert.Equal(titles.Order(), (await events.AllInnerTextsAsync()).Select(text => text.Trim()).Distinct().Order());
        await Expect(workbench.Page.Locator("#event-timeline")).ToContainTextAsync("attempt 1 on ");
        await Expect(workbench.Page.Locator("#event-timeline")).Not.ToContainTextAsync("_v2");
    }

    private async Task<Guid> FinishedRun(CreativitySpec spec)
    {
        using var api = fixture.Hosts.CreateClient("Ada");
        var response = await api.PostAsJsonAsync("/api/runs", (ExperimentSpec)spec, ExperimentJson.Options);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var timeout = new CancellationTokenSource(RunPatience);
        while (!(await api.GetFromJsonAsync<Run>($"/api/runs/{id}", ExperimentJson.Options, timeout.Token))!.IsFinished)
            await Task.Delay(200, timeout.Token);
        return id;
    }
}
