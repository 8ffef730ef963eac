using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Creativity;
using Workbench.Testing;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.Engine.Recipes;
using Workbench.Engine.Creativity.Recipes;
using Workbench.Engine.BranchingFactor.Recipes;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class GroupsTests(BrowserFixture fixture)
{
    /// <summary>Generous: two tiny runs take seconds, but a loaded machine may queue them behind others.</summary>
    private static readonly TimeSpan SweepPatience = TimeSpan.FromMinutes(4);

    [GeneratedRegex("/groups/[0-9a-f-]{36}$")]
    private static partial Regex GroupAddress();

    [Fact]
    public async Task A_sweep_submitted_from_the_form_fills_its_results_table_as_its_runs_finish()
    {
        var workbench = new WorkbenchPage(await fixture.NewPage("Grete"));
        var page = workbench.Page;
        await workbench.Open();
        await OpenNewSweep(page);

        await page.Locator("#sweep-name").FillAsync("seeds of a tiny model");
        await page.Locator("#sweep-axes").FillAsync("seed: 7, 8");
        await page.Locator("#sweep-axes").PressAsync("Tab");
        await SetTinySpec(workbench);
        await workbench.SubmitButton.ClickAsync();

        await Expect(page).ToHaveURLAsync(GroupAddress(), new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(page.Locator("#group-name")).ToHaveTextAsync("seeds of a tiny model");
        var rows = page.Locator("#group-results tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        // Each run is named by what differs from the others: here only the seed.
        await Expect(rows.Nth(0).Locator("td").First).ToHaveTextAsync("Seed = 7");
        await Expect(rows.Nth(1).Locator("td").First).ToHaveTextAsync("Seed = 8");
        // The page follows the runs by itself: no reload.
        await Expect(page.Locator("#group-progress")).ToHaveTextAsync("2 / 2 finished", new() { Timeout = WorkbenchPage.Ms(SweepPatience) });
        await Expect(rows.Nth(0)).ToContainTextAsync("Succeeded");
        await Expect(rows.Nth(1)).ToContainTextAsync("Succeeded");
        await Expect(page.Locator("#group-results thead")).ToContainTextAsync("Creativity");
        await Expect(page.Locator("#metric-chart svg").First).ToBeVisibleAsync();
        var groupAddress = page.Url;

        // A run of the group leads back to it.
        await rows.Nth(1).GetByRole(AriaRole.Link, new() { Name = "Seed = 8" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(WorkbenchPage.RunAddress());
        await page.Locator("#run-group").ClickAsync();
        await Expect(page).ToHaveURLAsync(groupAddress);

        await page.GetByRole(AriaRole.Link, new() { Name = "Groups" }).ClickAsync();
        await Expect(page.Locator("#groups tbody tr", new() { HasText = "seeds of a tiny model" })).ToContainTextAsync("2/2 finished");
    }

    [Fact]
    public async Task Bad_axes_are_explained_on_the_field_and_nothing_is_submitted()
    {
        var workbench = new WorkbenchPage(await fixture.NewPage("Gunnar"));
        var page = workbench.Page;
        await workbench.Open();
        await OpenNewSweep(page);
        var axesError = page.Locator(".mud-input-control:has(#sweep-axes) .mud-input-helper-text.mud-input-error");

        await page.Locator("#sweep-axes").FillAsync("temprature: 1, 2");
        await page.Locator("#sweep-axes").PressAsync("Tab");
        await Expect(axesError).ToHaveTextAsync("'temprature' is not a parameter of this experiment");

        await page.Locator("#sweep-name").FillAsync("too hot");
        await page.Locator("#sweep-axes").FillAsync("temperature: 1, 9");
        await page.Locator("#sweep-axes").PressAsync("Tab");
        await workbench.SubmitButton.ClickAsync();

        await Expect(axesError).ToHaveTextAsync("temperature = 9: must be between 0 and 5");
        await Expect(page.Locator("#sweep-errors")).ToContainTextAsync("axes.temperature: temperature = 9: must be between 0 and 5");
        await Expect(page).ToHaveURLAsync(new Regex("/groups/new$"));
        using var api = fixture.Hosts.CreateClient("Ada");
        var groups = await api.GetFromJsonAsync<GroupList>("/api/groups?pageSize=200");
        Assert.DoesNotContain(groups!.Items, group => group.CreatedBy == "Gunnar");
    }

    [Fact]
    public async Task A_recipe_starts_from_its_button_and_its_page_shows_the_figure_and_a_row_per_run()
    {
        var workbench = new WorkbenchPage(await fixture.NewPage("Gudrun"));
        var page = workbench.Page;
        await workbench.Open();
        await page.GetByRole(AriaRole.Link, new() { Name = "Groups" }).ClickAsync();
        var button = page.Locator($"#run-recipe-{AlignmentShrinksHorizon.Name}");
        await Expect(button).ToBeEnabledAsync(new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });

        await button.ClickAsync();

        await Expect(page).ToHaveURLAsync(GroupAddress(), new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(page.Locator("#group-name")).ToHaveTextAsync(AlignmentShrinksHorizon.Recipe.Title);
        await Expect(page.Locator("#group-results tbody tr")).ToHaveCountAsync(15);
        await Expect(page.Locator("#recipe-figure .error-bars-chart")).ToHaveCountAsync(5);
        await Expect(page.Locator("#recipe-figure")).ToContainTextAsync("BF ratio (base / aligned)");

        // The worker is shared by every test: the recipe's runs themselves are not the point here.
        // A click on the prerendered page would be lost, so wait until the page is live.
        await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await page.Locator("#cancel-group").ClickAsync();
        await Expect(page.GetByText("queued runs cancelled")).ToBeVisibleAsync(new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(page.Locator("#group-progress")).ToHaveTextAsync("15 / 15 finished", new() { Timeout = WorkbenchPage.Ms(SweepPatience) });
    }

    [Fact]
    public async Task The_metric_chart_scales_its_axis_to_small_values_and_the_table_names_runs_by_what_differs()
    {
        var store = fixture.Hosts.WebServices.GetRequiredService<IDocumentStore>();
        var spec = new CreativitySpec { Parents = 3, ChildrenPerParent = 4, Seed = 91 };
        var id = await History.RecordSweep(store, "small creativity", "temperature",
        [
            (Json(0.5), new(spec with { Temperature = 0.5 }, "Greta", new Dictionary<string, double> { ["creativity"] = 0.04 })),
            (Json(1.5), new(spec with { Temperature = 1.5 }, "Greta", new Dictionary<string, double> { ["creativity"] = 0.1 })),
        ]);
        var workbench = new WorkbenchPage(await fixture.NewPage("Greta"));
        var page = workbench.Page;

        await page.GotoAsync($"/groups/{id}");

        await Expect(page.Locator("#group-results tbody tr td:first-child")).ToHaveTextAsync(["Temperature = 0.5", "Temperature = 1.5"],
            new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(page.Locator("#group-results thead")).ToContainTextAsync("Temperature");
        // The axis ends just above the largest value (0.1), not at 1, where 0.04 would be a sliver.
        var ticks = page.Locator("#metric-chart .value-tick text");
        await Expect(ticks).ToHaveTextAsync(["0", "0.02", "0.04", "0.06", "0.08", "0.1"]);
        await Expect(page.Locator("#metric-chart")).ToContainTextAsync("Creativity");
    }

    private static JsonElement Json(double value) => JsonSerializer.SerializeToElement(value);

    private static async Task OpenNewSweep(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Groups" }).ClickAsync();
        await page.Locator("#new-sweep").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/groups/new$"));
        await Expect(page.Locator("#submit-run")).ToBeEnabledAsync(new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
    }

    private static async Task SetTinySpec(WorkbenchPage workbench)
    {
        await workbench.SetSpec("parents", 3);
        await workbench.SetSpec("childrenPerParent", 4);
        await workbench.SetTinySpec(trainingSteps: 20, evaluationSamples: 16);
    }

    private sealed record GroupList(List<ListedGroup> Items);

    private sealed record ListedGroup(string CreatedBy);
}
