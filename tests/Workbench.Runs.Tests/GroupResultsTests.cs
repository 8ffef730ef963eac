using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs.Grouping;
using Workbench.Engine.Recipes;
using Workbench.Engine.Creativity.Recipes;
using Workbench.Engine.BranchingFactor.Recipes;

namespace Workbench.Runs.Tests;

public sealed class GroupResultsTests
{
    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    /// <summary>Two tasks × two methods × two seeds, one run still going; creativity chosen so the means are easy by hand.</summary>
    private static (Group Group, List<Run> Runs) Study()
    {
        var group = new Group
        {
            Id = Guid.NewGuid(), Name = "study", Kind = GroupKind.Recipe, BaseSpec = new CreativitySpec(),
            Axes = [new("task", [Json("sibling"), Json("circle")]), new("method", [Json("a, greedy"), Json("b")]), new("seed", [Json(1), Json(2)])],
        };
        var runs = new List<Run>();
        var creativity = new Queue<double>([0.1, 0.3, 0.5, 0.5, 0.2, 0.4, 0.9]);
        foreach (var task in new[] { "sibling", "circle" })
        foreach (var method in new[] { "a, greedy", "b" })
        foreach (var seed in new[] { 1, 2 })
        {
            var run = new Run { Id = Guid.NewGuid(), Spec = new CreativitySpec { Seed = seed }, Status = RunStatus.Running };
            if (creativity.TryDequeue(out var value))
            {
                run.Status = RunStatus.Succeeded;
                run.Metrics = new() { ["creativity"] = value, ["memorization"] = 1 - value };
            }
            runs.Add(run);
            group.Runs.Add(new GroupMember(run.Id, new Dictionary<string, JsonElement> { ["task"] = Json(task), ["method"] = Json(method), ["seed"] = Json(seed) }));
        }
        return (group, runs);
    }

    [Fact]
    public void The_table_has_a_row_per_run_in_submission_order_with_its_axes_status_and_metrics()
    {
        var (group, runs) = Study();

        var results = GroupResults.Of(group, Enumerable.Reverse(runs).Select(RunOutcome.Of));

        Assert.Equal(["task", "method", "seed"], results.Parameters);
        Assert.Equal(["creativity", "memorization"], results.Metrics);
        Assert.Equal(runs.Select(run => run.Id), results.Rows.Select(row => row.RunId));
        Assert.Equal(7, results.Finished);
        Assert.Equal(RunStatus.Running, results.Rows[^1].Status);
        Assert.Empty(results.Rows[^1].Metrics);
    }

    [Fact]
    public void Csv_quotes_cells_with_commas_and_leaves_missing_metrics_empty()
    {
        var (group, runs) = Study();

        var lines = GroupResults.Of(group, runs.Select(RunOutcome.Of)).ToCsv(CsvNames.Machine).Split("\r\n");

        Assert.Equal("runId,name,task,method,seed,status,creativity,memorization", lines[0]);
        // Only the seed is in the specs here, so each seed's four runs are numbered.
        Assert.Equal($"{runs[0].Id},Seed = 1 (1),sibling,\"a, greedy\",1,Succeeded,0.1,0.9", lines[1]);
        Assert.Equal($"{runs[7].Id},Seed = 2 (4),circle,b,2,Running,,", lines[8]);
        Assert.Equal("", lines[9]);
    }

    [Fact]
    public void The_csv_header_reads_as_labels_unless_machine_names_are_asked_for()
    {
        var (group, runs) = Study();
        var results = GroupResults.Of(group, runs.Select(RunOutcome.Of));

        var labelled = results.ToCsv(CsvNames.Labels).Split("\r\n");

        Assert.Equal("Run id,Name,Task,Method,Seed,Status,Creativity,Memorization", labelled[0]);
        Assert.Equal(results.ToCsv(CsvNames.Machine).Split("\r\n")[1..], labelled[1..]);
    }

    [Fact]
    public void A_panel_summarises_each_task_and_method_over_seeds_with_the_sample_standard_deviation()
    {
        var (group, runs) = Study();
        var results = GroupResults.Of(group, runs.Select(RunOutcome.Of));

        var data = BarPanelData.Of(new BarPanel("Creativity", "task", "method", ["creativity"]), results, group.Axes);

        Assert.Equal(["sibling", "circle"], data.Categories);
        Assert.Equal(["a, greedy", "b"], data.Bars);
        Assert.Equal(0.2, data.Values[0][0]!.Mean, 12);
        Assert.Equal(Math.Sqrt(0.02), data.Values[0][0]!.StandardDeviation, 12);
        Assert.Equal((0.5, 0.0, 2), (data.Values[0][1]!.Mean, data.Values[0][1]!.StandardDeviation, data.Values[0][1]!.Runs));
        Assert.Equal(0.3, data.Values[1][0]!.Mean, 12);
        // Only the succeeded run counts while the other is still running.
        Assert.Equal((0.9, 0.0, 1), (data.Values[1][1]!.Mean, data.Values[1][1]!.StandardDeviation, data.Values[1][1]!.Runs));
    }

    [Fact]
    public void Without_a_series_a_panel_has_a_bar_per_metric()
    {
        var (group, runs) = Study();

        var data = BarPanelData.Of(new BarPanel("Both", "method", null, ["creativity", "memorization"]), GroupResults.Of(group, runs.Select(RunOutcome.Of)), group.Axes);

        Assert.Equal(["a, greedy", "b"], data.Categories);
        Assert.Equal(["creativity", "memorization"], data.Bars);
        Assert.Equal((0.1 + 0.3 + 0.2 + 0.4) / 4, data.Values[0][0]!.Mean, 12);
        Assert.Equal(1 - (0.1 + 0.3 + 0.2 + 0.4) / 4, data.Values[0][1]!.Mean, 12);
        Assert.Null(BarPanelData.Of(new BarPanel("None", "task", null, ["unknown"]), GroupResults.Of(group, runs.Select(RunOutcome.Of)), group.Axes).Values[0][0]);
    }
}
