using System.Text.RegularExpressions;
using System.Net.Http.Json;
using Microsoft.Playwright;
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
        await Expect(workbench.SampleFilter("all")).ToContainTextAsync("(32)");
        foreach (var label in new[] { "incoherent", "memorized", "creative", "all" })
        {
            var counted = int.Parse(Regex.Match(await workbench.SampleFilter(label).InnerTextAsync(), @"\((\d+)\)").Groups[1].Value);
            await workbench.SampleFilter(label).ClickAsync();
            await Expect(workbench.ExampleRows).ToHaveCountAsync(Math.Min(counted, 25));
            if (label != "all" && counted > 0) await Expect(workbench.ExampleRows.First).ToContainTextAsync(label);
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

    [Fact]
    public async Task Choosing_a_task_shows_only_its_own_fields_and_a_list_is_edited_one_value_per_line_with_a_bad_value_named()
    {
        var workbench = new WorkbenchPage(await fixture.NewPage($"form-{Guid.NewGuid():N}"));
        var page = workbench.Page;
        await workbench.Open();
        await workbench.GoToNewRun();

        // Sibling discovery by default: its graph's sizes, nobody else's; diffusion steps only for diffusion.
        await Expect(page.Locator("#spec-parents")).ToBeVisibleAsync();
        await Expect(page.Locator("#spec-constructionNodes")).ToHaveCountAsync(0);
        await Expect(page.Locator("#spec-triangleNodes")).ToHaveCountAsync(0);
        await Expect(page.Locator("#spec-diffusionSteps")).ToHaveCountAsync(0);
        await workbench.Choose("spec-task", "circle construction");
        await Expect(page.Locator("#spec-constructionNodes")).ToBeVisibleAsync(new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(page.Locator("#spec-parents")).ToHaveCountAsync(0);
        // The hint states the range the validator checks, as it stands with the other values.
        await Expect(workbench.HelpOf("structureNodes")).ToContainTextAsync("(3 to 8)");
        await workbench.Choose("spec-objective", "diffusion");
        await Expect(page.Locator("#spec-diffusionSteps")).ToBeVisibleAsync(new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });

        await workbench.Choose("experiment-kind", "Branching factor: sensitivity to decoding settings");
        await Expect(page.Locator("#spec-temperatures")).ToHaveValueAsync("0.5\n0.75\n1\n1.25\n1.5", new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await workbench.SetText("temperatures", "0.5\nhot\n1");
        await Expect(workbench.ErrorOf("temperatures")).ToHaveTextAsync("value 2 (\"hot\") is not a number");
        await workbench.SetText("temperatures", "0.5\n9\n1");
        await Expect(workbench.ErrorOf("temperatures")).ToHaveTextAsync("value 2 (9) must be between 0 and 5");
        await workbench.SubmitButton.ClickAsync();
        await Expect(page).ToHaveURLAsync(WorkbenchPage.NewRunAddress());
    }

    [Fact]
    public async Task A_paper_preset_fills_the_form_and_fine_tuning_gpt2_asks_for_a_model_the_workers_do_not_have_naming_the_field()
    {
        var workbench = new WorkbenchPage(await fixture.NewPage($"preset-{Guid.NewGuid():N}"));
        var page = workbench.Page;
        await workbench.Open();
        await workbench.GoToNewRun();
        var patience = new LocatorAssertionsToHaveValueOptions { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) };

        await workbench.Choose("spec-preset", "Line construction: paper (GPU)");
        await Expect(page.Locator("#spec-width")).ToHaveValueAsync("768", patience);
        await Expect(page.Locator("#spec-heads")).ToHaveValueAsync("12");

        // Fine-tuning: the model comes from the models folder, so the from-scratch shape is not asked for.
        await workbench.Choose("spec-preset", "Line construction: paper, fine-tuning GPT-2 (GPU)");
        await Expect(page.Locator("#spec-pretrainedModel")).ToHaveValueAsync("gpt2", patience);
        await Expect(page.Locator("#spec-width")).ToHaveCountAsync(0);
        await workbench.SubmitButton.ClickAsync();
        await Expect(workbench.ErrorOf("pretrainedModel")).ToContainTextAsync("There is no model \"gpt2\" in the models folder",
            new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(page).ToHaveURLAsync(WorkbenchPage.NewRunAddress());
        // The message belongs to the name it was found with: another name is judged afresh at the next submit.
        await workbench.SetText("pretrainedModel", "openai/gpt2");
        await Expect(workbench.ErrorOf("pretrainedModel")).ToHaveCountAsync(0, new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
    }

    private sealed record RunList(List<ListedRun> Items);

    private sealed record ListedRun(string SubmittedBy);
}
