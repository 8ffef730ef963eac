using System.Text.RegularExpressions;
using System.Net.Http.Json;
using Workbench.Engine.Creativity;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class NewRunTests(BrowserFixture fixture)
{
    /// <summary>Generous: a tiny run takes seconds, but a loaded CI machine may queue it behind others.</summary>
    private static readonly TimeSpan RunPatience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_tiny_run_submitted_from_the_form_shows_its_results_when_it_finishes()
    {
        var workbench = new WorkbenchPage(await fixture.NewPage("Barbara"));
        await workbench.Open();
        await workbench.GoToNewRun();

        await workbench.SetTinySpec(trainingSteps: 30, evaluationSamples: 32);
        await workbench.SubmitButton.ClickAsync();

        await Expect(workbench.Page).ToHaveURLAsync(WorkbenchPage.RunAddress(), new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(workbench.SubmittedBy).ToHaveTextAsync("Barbara");
        // The page follows the run by itself: no reload.
        await Expect(workbench.Metric("creativity")).ToBeVisibleAsync(new() { Timeout = WorkbenchPage.Ms(RunPatience) });
        await Expect(workbench.StatusChip).ToHaveTextAsync("Succeeded", new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(workbench.Metric("creativity")).ToContainTextAsync("Creativity");
        await Expect(workbench.ExampleRows.First).ToContainTextAsync("coherent");
        await Expect(workbench.ExampleRows).ToHaveCountAsync(25);
        // Every one of the 32 samples is there, and the label filters keep exactly the ones they count.
        await Expect(workbench.SampleFilter("All")).ToContainTextAsync("(32)");
        foreach (var label in new[] { "Incoherent", "Memorized", "All" })
        {
            var counted = int.Parse(Regex.Match(await workbench.SampleFilter(label).InnerTextAsync(), @"\((\d+)\)").Groups[1].Value);
            await workbench.SampleFilter(label).ClickAsync();
            await Expect(workbench.ExampleRows).ToHaveCountAsync(Math.Min(counted, 25));
            if (label != "All" && counted > 0) await Expect(workbench.ExampleRows.First).ToContainTextAsync(label.ToLowerInvariant());
        }

        await workbench.GoToRuns();
        await Expect(workbench.RunRow("Barbara")).ToContainTextAsync("Succeeded");
    }

    [Fact]
    public async Task An_invalid_spec_shows_the_specs_own_message_on_its_field_and_is_not_submitted()
    {
        var expected = new CreativitySpec { TrainingSteps = 0 }.Validate().First(error => error.Field == "trainingSteps").Message;
        var name = $"validator-{Guid.NewGuid():N}";
        var workbench = new WorkbenchPage(await fixture.NewPage(name));
        await workbench.Open();
        await workbench.GoToNewRun();

        await workbench.SetSpec("trainingSteps", 0);
        await Expect(workbench.ErrorOf("trainingSteps")).ToHaveTextAsync(expected);
        await workbench.SubmitButton.ClickAsync();

        await Expect(workbench.Page).ToHaveURLAsync(WorkbenchPage.NewRunAddress());
        await Expect(workbench.ErrorOf("trainingSteps")).ToHaveTextAsync(expected);
        using var api = fixture.Hosts.CreateClient("Ada");
        var runs = await api.GetFromJsonAsync<RunList>("/api/runs?pageSize=200");
        Assert.DoesNotContain(runs!.Items, run => run.SubmittedBy == name);
    }

    private sealed record RunList(List<ListedRun> Items);

    private sealed record ListedRun(string SubmittedBy);
}
