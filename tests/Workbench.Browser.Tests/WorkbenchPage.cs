using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Browser.Tests;

/// <summary>What a researcher does in the workbench, in the words of the UI (labels and ids on the pages).</summary>
public sealed partial class WorkbenchPage(IPage page)
{
    /// <summary>Waiting for the UI; never a measure of how fast anything is.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public IPage Page => page;

    public ILocator SubmitButton => page.Locator("#submit-run");
    public ILocator StatusChip => page.Locator("#run-status");
    public ILocator SubmittedBy => page.Locator("#run-submitted-by");
    /// <summary>The generations a run page lists: every sample of a creativity run, a few examples of other kinds.</summary>
    public ILocator ExampleRows => page.Locator("#sample-browser tbody tr, #example-generations tbody tr");
    public ILocator SampleFilter(string label) => page.Locator($"#sample-filters [data-filter={label}]");

    public ILocator ErrorOf(string field) => page.Locator($".mud-input-control:has(#spec-{field}) .mud-input-helper-text.mud-input-error");
    public ILocator HelpOf(string field) => page.Locator($".mud-input-control:has(#spec-{field}) .mud-input-helper-text");
    public ILocator Metric(string key) => page.Locator($"#metric-{key}");
    public ILocator RunRow(string submittedBy) => page.Locator("#runs-list tbody tr", new() { HasText = submittedBy });

    [GeneratedRegex("/runs/[0-9a-f-]{36}$")]
    public static partial Regex RunAddress();

    [GeneratedRegex("/runs/new$")]
    public static partial Regex NewRunAddress();

    /// <summary>Signs in on the sign-in page and waits for the runs list.</summary>
    public async Task SignIn(string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#login-name").FillAsync(userName);
        await page.Locator("#login-password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync(userName, new() { Timeout = Ms(Patience) });
    }

    /// <summary>Opens the runs list and waits until the page is interactive, not just prerendered.</summary>
    public async Task Open()
    {
        await page.GotoAsync("/");
        await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });
    }

    /// <summary>Opens a run's page directly, as a link from a colleague would.</summary>
    public async Task OpenRun(Guid id)
    {
        await page.GotoAsync($"/runs/{id}");
        await Expect(page.Locator("[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });
        await Expect(StatusChip).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });
    }

    public async Task GoToNewRun()
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "New run" }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(NewRunAddress());
        await Expect(SubmitButton).ToBeEnabledAsync(new() { Timeout = Ms(Patience) });
    }

    public async Task GoToRuns()
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Runs" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
    }

    /// <summary>Types into a spec field by its JSON name, e.g. "trainingSteps".</summary>
    public async Task SetSpec(string field, IFormattable value) => await Type($"#spec-{field}", value.ToString(null, CultureInfo.InvariantCulture));

    /// <summary>Types a whole text (a list: one value per line) into a spec field.</summary>
    public async Task SetText(string field, string text) => await Type($"#spec-{field}", text);

    /// <summary>Opens the select whose input has this id and picks the option that reads <paramref name="option"/>.</summary>
    public async Task Choose(string inputId, string option)
    {
        await page.Locator($"div.mud-select:has(#{inputId})").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") }).ClickAsync();
    }

    /// <summary>A creativity spec small enough to finish in seconds: a narrow one-block model, few steps and samples.</summary>
    public async Task SetTinySpec(int trainingSteps, int evaluationSamples)
    {
        await SetSpec("trainingSteps", trainingSteps);
        await SetSpec("width", 16);
        await SetSpec("heads", 2);
        await SetSpec("depth", 1);
        await SetSpec("batchSize", 16);
        await SetSpec("evaluationSamples", evaluationSamples);
    }

    public static float Ms(TimeSpan span) => (float)span.TotalMilliseconds;

    private async Task Type(string selector, string text)
    {
        var input = page.Locator(selector);
        await input.FillAsync(text);
        // MudBlazor inputs take their value on change, i.e. when focus leaves.
        await input.PressAsync("Tab");
    }
}
