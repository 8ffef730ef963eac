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

    /// <summary>Two methods × two seeds, each run decoded greedily and at temperature 1 (train once, decode many).</summary>
    private static (Group Group, List<Run> Runs) Sweep()
    {
        var group = new Group
        {
            Id = Guid.NewGuid(), Name = "sweep", Kind = GroupKind.Recipe, BaseSpec = new CreativitySpec(),
            Axes = [new("method", [Json("a"), Json("b")]), new("seed", [Json(1), Json(2)])],
        };
        var runs = new List<Run>();
        // method a: greedy 0.1, 0.3 (mean 0.2), T 1 0.4, 0.2 (mean 0.3); method b: greedy 0.6, 0.6, T 1 0.5, 0.1.
        double[][] creativity = [[0.1, 0.4], [0.3, 0.2], [0.6, 0.5], [0.6, 0.1]];
        var index = 0;
        foreach (var method in new[] { "a", "b" })
        foreach (var seed in new[] { 1, 2 })
        {
            var (greedy, hot) = (creativity[index][0], creativity[index][1]);
            index++;
            var run = new Run
            {
                Id = Guid.NewGuid(), Spec = new CreativitySpec { Seed = seed }, Status = RunStatus.Succeeded,
                Metrics = new()
                {
                    ["creativity"] = hot, ["creativity__t0_k0"] = greedy, ["creativity__t1_k0"] = hot,
                    ["memorization__t0_k0"] = 1 - greedy, ["memorization__t1_k0"] = 1 - hot,
                },
            };
            runs.Add(run);
            group.Runs.Add(new GroupMember(run.Id, new Dictionary<string, JsonElement> { ["method"] = Json(method), ["seed"] = Json(seed) }));
        }
        return (group, runs);
    }

    [Fact]
    public void A_best_setting_panel_shows_each_bar_at_the_setting_with_the_best_mean_and_names_it()
    {
        var (group, runs) = Sweep();
        var results = GroupResults.Of(group, runs.Select(RunOutcome.Of));

        var creativity = BarPanelData.Of(new BarPanel("Creativity", "method", null, ["creativity"], BestSettingBy: "creativity"), results, group.Axes);
        var memorization = BarPanelData.Of(new BarPanel("Memorization", "method", null, ["memorization"], BestSettingBy: "creativity"), results, group.Axes);

        Assert.Equal(0.3, creativity.Values[0][0]!.Mean, 12);   // method a: temperature 1 (0.3) beats greedy (0.2)
        Assert.Equal(0.6, creativity.Values[1][0]!.Mean, 12);   // method b: greedy (0.6) beats temperature 1 (0.3)
        Assert.Equal(["T 1", "greedy"], creativity.Settings!.Select(row => row[0]));
        Assert.Equal(0.7, memorization.Values[0][0]!.Mean, 12); // memorization where creativity was best, not the lowest memorization
        Assert.Equal(["T 1", "greedy"], memorization.Settings!.Select(row => row[0]));
        Assert.Null(BarPanelData.Of(new BarPanel("Plain", "method", null, ["creativity"]), results, group.Axes).Settings);
    }

    [Fact]
    public void The_per_setting_table_averages_each_method_and_setting_over_seeds_and_marks_the_best()
    {
        var (group, runs) = Sweep();

        var table = SettingResults.Of(GroupResults.Of(group, runs.Select(RunOutcome.Of)));

        Assert.Equal(["method"], table.Parameters);
        Assert.Equal(["creativity", "memorization"], table.Metrics);
        Assert.Equal([("a", "greedy", false), ("a", "T 1", true), ("b", "greedy", true), ("b", "T 1", false)],
            table.Rows.Select(row => (AxisValues.Text(row.Parameters["method"]), row.Label, row.Best)));
        Assert.Equal(0.2, table.Rows[0].Metrics["creativity"].Mean, 12);
        Assert.Equal(2, table.Rows[0].Metrics["creativity"].Runs);
        Assert.Equal(0.7, table.Rows[3].Metrics["memorization"].Mean, 12);
        Assert.Equal(Math.Sqrt(0.08), table.Rows[3].Metrics["memorization"].StandardDeviation, 12);
        // Runs without settings have no such table.
        var (study, studyRuns) = Study();
        Assert.Empty(SettingResults.Of(GroupResults.Of(study, studyRuns.Select(RunOutcome.Of))).Rows);
    }
}
