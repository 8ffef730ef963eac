using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Runs;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Browser.Tests;

/// <summary>The tests' own kind (a plugin the test workbench loads) on the pages, by its registration alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RegisteringAKindTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_plugin_kind_is_offered_in_new_run_and_its_run_page_shows_its_metric_curve_and_labelled_examples()
    {
        using var api = fixture.Hosts.CreateClient("Kim");
        var response = await api.PostAsync("/api/runs", JsonContent.Create(new { kind = "coinFlips", flips = 24, seed = 5 }));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while ((await api.GetFromJsonAsync<JsonElement>($"/api/runs/{id}", timeout.Token)).GetProperty("status").GetString() is not ("succeeded" or "failed"))
            await Task.Delay(200, timeout.Token);
        var workbench = new WorkbenchPage(await fixture.NewPage("Kim"));

        await workbench.OpenRun(id);

        await Expect(workbench.StatusChip).ToHaveTextAsync("Succeeded");
        await Expect(workbench.Metric("headsShare")).ToContainTextAsync("Share of heads");
        await Expect(workbench.SampleFilter("heads")).ToBeVisibleAsync();
        await Expect(workbench.ExampleRows.First).ToContainTextAsync("flip 1");

        await workbench.GoToNewRun();
        await workbench.Choose("experiment-kind", "Coin flips (a kind of the tests' own)");
        await Expect(workbench.Page.Locator("#spec-flips")).ToHaveValueAsync("40", new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(workbench.HelpOf("flips")).ToContainTextAsync("Coins flipped, one training step each. (1 to 10000)");
    }
}
