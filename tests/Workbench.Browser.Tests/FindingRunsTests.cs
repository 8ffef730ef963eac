using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workbench.Engine.Creativity;
using Workbench.Testing;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Browser.Tests;

/// <summary>Filtering the shared list, tagging and noting a run, and comparing runs, as a researcher does it in the browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FindingRunsTests(BrowserFixture fixture)
{
    private const string Researcher = "Hedy";

    private static readonly CreativitySpec Tiny = new()
    {
        Parents = 3, ChildrenPerParent = 4, TrainingSteps = 20, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, EvaluationSamples = 16, Seed = 61,
    };

    private IDocumentStore Store => fixture.Hosts.WebServices.GetRequiredService<IDocumentStore>();

    private ILocator Rows(IPage page) => page.Locator("#runs-list tbody tr.mud-table-row");

    [Fact]
    public async Task A_filter_typed_into_the_list_keeps_only_the_matching_runs_and_a_bad_one_says_why()
    {
        await History.Record(Store,
        [
            new(Tiny with { Objective = TrainingObjective.Teacherless }, "filter-owner", Scores(0.4)),
            new(Tiny with { Objective = TrainingObjective.Diffusion }, "filter-owner", Scores(0.7)),
            new(Tiny with { Objective = TrainingObjective.Diffusion }, "filter-owner", Scores(0.1)),
        ]);
        var page = await OpenList();

        await Filter(page, "user = filter-owner and objective = diffusion and creativity > 0.5");

        await Expect(Rows(page)).ToHaveCountAsync(1, new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(Rows(page)).ToContainTextAsync("diffusion");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("filter="));

        await Filter(page, "objective teacherless");
        await Expect(page.Locator("#query-error")).ToContainTextAsync("expected 'field op value'");
        await Expect(Rows(page)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_tag_and_a_note_added_on_a_run_page_are_shown_and_found_from_the_list()
    {
        var id = (await History.Record(Store, [new(Tiny, "tag-owner", Scores(0.3))])).Single();
        var workbench = new WorkbenchPage(await fixture.NewPage(Researcher));
        await workbench.OpenRun(id);

        await workbench.Page.Locator("#new-tag").FillAsync("keeper");
        await workbench.Page.Locator("#add-tag").ClickAsync();
        await workbench.Page.Locator("#new-note").FillAsync("Best sibling run so far.");
        await workbench.Page.Locator("#add-note").ClickAsync();

        await Expect(workbench.Page.Locator("[data-tag=keeper]")).ToBeVisibleAsync();
        await Expect(workbench.Page.Locator(".run-note")).ToContainTextAsync($"{Researcher}");
        await Expect(workbench.Page.Locator(".run-note")).ToContainTextAsync("Best sibling run so far.");

        await workbench.Open();
        await Filter(workbench.Page, "tag = keeper");
        await Expect(Rows(workbench.Page)).ToHaveCountAsync(1, new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await workbench.Page.Locator("#runs-search").FillAsync("sibling run so far");
        await workbench.Page.Locator("#runs-search").PressAsync("Enter");
        await Expect(Rows(workbench.Page)).ToHaveCountAsync(1);
        await Expect(Rows(workbench.Page)).ToContainTextAsync("keeper");
    }

    [Fact]
    public async Task Two_runs_picked_in_the_list_are_compared_side_by_side()
    {
        var ids = await History.Record(Store,
        [
            new(Tiny with { Temperature = 0.5 }, "compare-owner", Scores(0.2)),
            new(Tiny with { Temperature = 1.5 }, "compare-owner", Scores(0.6)),
        ]);
        var page = await OpenList();
        await Filter(page, "user = compare-owner");
        await Expect(Rows(page)).ToHaveCountAsync(2, new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });

        await page.Locator($"[data-select-run='{ids[0]}']").ClickAsync();
        await page.Locator($"[data-select-run='{ids[1]}']").ClickAsync();
        await Expect(page.Locator("#compare-runs")).ToContainTextAsync("Compare (2)");
        await page.Locator("#compare-runs").ClickAsync();

        await Expect(page.Locator("#spec-differences")).ToContainTextAsync("Temperature", new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(page.Locator("#spec-differences tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#compared-metrics")).ToContainTextAsync("0.6");
        await Expect(page.Locator("#compared-curves .curves-chart")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Runs_of_a_sweep_are_compared_by_what_differs_and_the_curves_points_wait_behind_a_toggle()
    {
        var ids = await History.Record(Store,
        [
            new(Tiny with { Objective = TrainingObjective.NextToken, Temperature = 0.5 }, "sweep-comparer", Scores(0.2)),
            new(Tiny with { Objective = TrainingObjective.Diffusion, Temperature = 0.5 }, "sweep-comparer", Scores(0.4)),
            new(Tiny with { Objective = TrainingObjective.Diffusion, Temperature = 1.5 }, "sweep-comparer", Scores(0.6)),
        ]);
        string[] names = ["nextToken, Temperature = 0.5", "diffusion, Temperature = 0.5", "diffusion, Temperature = 1.5"];
        var page = await OpenList();

        await page.GotoAsync($"/compare?ids={string.Join(',', ids)}");

        await Expect(page.Locator("#compared-runs tbody tr td:first-child")).ToHaveTextAsync(names, new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(page.Locator("#spec-differences thead th")).ToHaveTextAsync(["Parameter", .. names]);
        await Expect(page.Locator("#spec-differences tbody td:first-child")).ToHaveTextAsync(["Objective", "Temperature"]);
        await Expect(page.Locator("#compared-metrics tbody td:first-child")).ToHaveTextAsync(["Creativity"]);
        // The loss chart's legend names each run the same way; its points are not on the page until asked for.
        var curves = page.Locator("#compared-curves");
        foreach (var name in names) await Expect(curves).ToContainTextAsync(name);
        await Expect(curves.Locator(".curves-table")).ToHaveCountAsync(0);

        await curves.Locator(".curves-data .mud-expand-panel-header").First.ClickAsync();

        await Expect(curves.Locator(".curves-table")).ToBeVisibleAsync();
        await Expect(curves.Locator(".curves-table thead th")).ToHaveTextAsync(["training step", .. names]);
        await Expect(curves.Locator(".curves-table tbody tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_run_a_colleague_records_appears_in_an_open_list_without_a_reload()
    {
        var page = await OpenList();
        await Filter(page, "user = colleague-live");
        await Expect(page.Locator("#no-matching-runs")).ToBeVisibleAsync(new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });

        await History.Record(Store, [new(Tiny, "colleague-live", Scores(0.5))]);

        await Expect(Rows(page)).ToHaveCountAsync(1, new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(Rows(page)).ToContainTextAsync("colleague-live");
    }

    private async Task<IPage> OpenList()
    {
        var workbench = new WorkbenchPage(await fixture.NewPage(Researcher));
        await workbench.Open();
        return workbench.Page;
    }

    private static async Task Filter(IPage page, string filter)
    {
        await page.Locator("#runs-filter").FillAsync(filter);
        await page.Locator("#runs-filter").PressAsync("Enter");
    }

    private static Dictionary<string, double> Scores(double creativity) => new() { ["creativity"] = creativity };
}
