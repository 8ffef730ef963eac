using System.Text.Json;
using Workbench.Cli.Api;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs;
using Workbench.Engine.Recipes;
using Workbench.Engine.Creativity.Recipes;
using Workbench.Engine.BranchingFactor.Recipes;

namespace Workbench.Integration.Tests;

/// <summary>Tags, notes, comparisons, sweeps, recipes and groups from the <c>workbench</c> CLI, against the real workbench.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class CliStudiesTests(WorkbenchFixture fixture) : IDisposable
{
    private const string User = "cli-researcher";
    private readonly CliRunner cli = new(fixture.Hosts.BaseAddress, fixture.Hosts.CreateToken(User).GetAwaiter().GetResult());
    private readonly RunsApiClient runs = new(fixture.Hosts.CreateClient(User));
    private readonly GroupsApiClient groups = new(fixture.Hosts.CreateClient(User));

    [Fact]
    public async Task A_run_is_tagged_found_by_its_tag_untagged_and_noted_and_bad_ones_are_refused_naming_the_field()
    {
        var id = await runs.Submit(WorkbenchFixture.TinySpec with { Seed = 71 });
        var run = id.ToString();
        var unknown = Guid.NewGuid().ToString();

        var tagged = await cli.Workbench("tag", run, "cli-baseline");
        var taggedAgain = await cli.Workbench("tag", run, "cli-baseline");
        var found = await cli.Workbench("list", "--filter", "tag = cli-baseline", "--format", "csv");
        var badTag = await cli.Workbench("tag", run, "two words");
        var noted = await cli.Workbench("note", run, "learning rate looks too high");
        var emptyNote = await cli.Workbench("note", run, " ");
        var noRun = await cli.Workbench("note", unknown, "lost");
        var removed = await cli.Workbench("tag", run, "cli-baseline", "--remove");
        var removedAgain = await cli.Workbench("tag", run, "cli-baseline", "--remove");

        Assert.Equal((0, $"run {run} tagged cli-baseline"), (tagged.ExitCode, tagged.Output.Trim()));
        Assert.Equal((0, $"run {run} was already tagged cli-baseline"), (taggedAgain.ExitCode, taggedAgain.Output.Trim()));
        Assert.Equal([run], found.Lines.Skip(1).Select(line => line.Split(',')[0]));
        Assert.Equal(2, badTag.ExitCode);
        Assert.Equal(["the workbench refused the request (400 Bad Request):", "  tag: a tag is letters, digits, '-', '_', '.' or ':' (no spaces)"], badTag.ErrorLines);
        Assert.Equal((0, $"note added to run {run}"), (noted.ExitCode, noted.Output.Trim()));
        Assert.Equal(2, emptyNote.ExitCode);
        Assert.Equal("  text: a note needs some text", emptyNote.ErrorLines[^1]);
        Assert.Equal((2, $"no run {unknown}"), (noRun.ExitCode, noRun.Error.Trim()));
        Assert.Equal((0, $"run {run}: tag cli-baseline removed"), (removed.ExitCode, removed.Output.Trim()));
        Assert.Equal((0, $"run {run} had no tag cli-baseline"), (removedAgain.ExitCode, removedAgain.Output.Trim()));
        var annotated = await runs.Get(id);
        Assert.Empty(annotated.Tags);
        var note = Assert.Single(annotated.Notes);
        Assert.Equal(("learning rate looks too high", User), (note.Text, note.By));
        await runs.WaitUntilFinished(id);
    }

    [Fact]
    public async Task Runs_are_compared_as_a_table_csv_or_json_and_a_bad_choice_of_runs_is_refused_naming_ids()
    {
        var first = await runs.Submit(WorkbenchFixture.TinySpec with { Seed = 72 });
        var second = await runs.Submit(WorkbenchFixture.TinySpec with { Seed = 73, Temperature = 0.5 });
        var finished = new[] { await runs.WaitUntilFinished(first), await runs.WaitUntilFinished(second) };

        var table = await cli.Workbench("compare", first.ToString(), second.ToString());
        var csv = await cli.Workbench("compare", first.ToString(), second.ToString(), "--format", "csv");
        var machineCsv = await cli.Workbench("compare", first.ToString(), second.ToString(), "--format", "csv", "--names", "machine");
        var json = await cli.Workbench("compare", first.ToString(), second.ToString(), "--format", "json");
        var one = await cli.Workbench("compare", first.ToString());
        var unknown = Guid.NewGuid();
        var missing = await cli.Workbench("compare", first.ToString(), unknown.ToString());

        Assert.Equal(0, table.ExitCode);
        // Same task and objective: one title, said once; each run is named by what differs, as on the web's Compare page.
        Assert.Equal($"title      {finished[0].Title}", table.Lines[0]);
        var header = Cells(table.Lines[1], table.Lines[1]);
        Assert.Equal(["ID", "RUN", "STATUS", "Creativity"], header[..4]);
        Assert.DoesNotContain("creativity", header);
        foreach (var run in finished)
        {
            var row = Cells(table.Lines[1], Assert.Single(table.Lines, line => line.StartsWith(run.Id.ToString())));
            var spec = (CreativitySpec)run.Spec;
            var name = $"Seed = {spec.Seed}, Temperature = {spec.Temperature.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            Assert.Equal((name, "succeeded", MetricsText.Format(run.Metrics["creativity"])), (row[1], row[2], row[3]));
        }
        Assert.StartsWith("curves (their points: --format json): loss (loss over training step)", table.Lines[^1]);
        Assert.Equal(0, csv.ExitCode);
        Assert.StartsWith("Run id,Name,Title,Status,Seed,Temperature,Creativity,", csv.Lines[0]);
        Assert.StartsWith("id,name,title,status,spec.seed,spec.temperature,metric.creativity,", machineCsv.Lines[0]);
        Assert.Equal([first.ToString(), second.ToString()], csv.Lines.Skip(1).Select(line => line.Split(',')[0]));
        Assert.Equal(csv.Lines[1..], machineCsv.Lines[1..]);
        var answer = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal([first, second], answer.GetProperty("runs").EnumerateArray().Select(run => run.GetProperty("id").GetGuid()));
        Assert.NotEmpty(answer.GetProperty("curves")[0].GetProperty("series")[0].GetProperty("points").EnumerateArray());
        Assert.Equal(2, one.ExitCode);
        Assert.Equal("  ids: give 2 to 10 different run ids, comma-separated", one.ErrorLines[^1]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"  ids: there is no run {unknown}", missing.ErrorLines[^1]);
    }

    [Fact]
    public async Task A_sweep_from_axis_options_and_a_grid_file_is_watched_to_its_results_then_shown_and_listed()
    {
        var spec = cli.File(".json", JsonSerializer.Serialize<ExperimentSpec>(WorkbenchFixture.TinySpec, ExperimentJson.Options));
        var grid = cli.File(".yaml", "# what varies\nobjective: [nextToken, teacherless]\n");

        var swept = await cli.Workbench("sweep", spec, "--grid", grid, "--axis", "seed=74", "--name", "cli sweep", "--watch");

        Assert.Equal(0, swept.ExitCode);
        var id = Guid.Parse(swept.Lines[0]);
        Assert.Equal($"group {id} finished: 2 succeeded", swept.Lines[1]);
        // Each run is named by what differs (the objective; every run has seed 74), its metrics under their labels.
        Assert.Equal(["ID", "RUN", "STATUS", "Creativity"], Cells(swept.Lines[2], swept.Lines[2])[..4]);
        Assert.Equal([["nextToken", "succeeded"], ["teacherless", "succeeded"]], swept.Lines[3..].Select(line => Cells(swept.Lines[2], line)[1..3]));
        Assert.Contains($"2 runs submitted as group {id}", swept.ErrorLines);
        Assert.Contains(swept.ErrorLines, line => line.EndsWith("2/2 finished: 2 succeeded"));
        var group = await groups.Get(id);
        Assert.Equal(("cli sweep", User, 2), (group.Group.Name, group.Group.CreatedBy, group.Group.Succeeded));
        Assert.Equal(["objective", "seed"], group.Axes.Select(axis => axis.Parameter));

        var shown = await cli.Workbench("group", "show", id.ToString());
        var csv = await cli.Workbench("group", "show", id.ToString(), "--format", "csv");
        var machineCsv = await cli.Workbench("group", "show", id.ToString(), "--format", "csv", "--names", "machine");
        var json = await cli.Workbench("group", "show", id.ToString(), "--format", "json");
        var listed = await cli.Workbench("group", "list", "--page-size", "200");

        Assert.Equal(0, shown.ExitCode);
        Assert.Equal($"group      {id}", shown.Lines[0]);
        Assert.Contains("name       cli sweep", shown.Lines);
        Assert.Contains("kind       sweep of creativity runs", shown.Lines);
        Assert.Contains($"progress   [{new string('#', 30)}]  2/2 finished: 2 succeeded", shown.Lines);
        Assert.Contains(shown.Lines, line => line.StartsWith("  Objective ") && line.EndsWith("nextToken, teacherless"));
        Assert.Equal(group.Rows.Select(row => row.RunId.ToString()), shown.Lines.Where(line => line.Contains("  succeeded  ")).Select(line => line[..36]));
        Assert.StartsWith("Run id,Name,Objective,Seed,Status,", csv.Lines[0]);
        Assert.StartsWith("runId,name,objective,seed,status,", machineCsv.Lines[0]);
        Assert.Equal(3, csv.Lines.Length);
        Assert.Equal(csv.Lines[1..], machineCsv.Lines[1..]);
        Assert.Equal(id, JsonDocument.Parse(json.Output).RootElement.GetProperty("group").GetProperty("id").GetGuid());
        Assert.Matches($@"^{id}  cli sweep  +sweep  +{User}  .*  2/2 finished: 2 succeeded$", Assert.Single(listed.Lines, line => line.StartsWith(id.ToString())));

        var byGrid = await cli.Workbench("sweep", spec, "--grid", grid);
        var other = Guid.Parse(byGrid.Lines.Single());
        var watched = await cli.Workbench("group", "watch", other.ToString());
        Assert.Equal(0, watched.ExitCode);
        Assert.Equal($"group {other} finished: 2 succeeded", watched.Lines[0]);
        Assert.Equal("objective", (await groups.Get(other)).Group.Name);
    }

    [Fact]
    public async Task A_bad_sweep_is_refused_naming_the_option_or_field_and_submits_nothing()
    {
        var spec = cli.File(".yaml", "kind: creativity\ntrainingSteps: 20\n");
        var badSpec = cli.File(".yaml", "kind: creativity\ntrainingSteps: 0\n");
        var grid = cli.File(".yaml", "seed: [1, 2]\n");
        var before = (await groups.List()).Total;

        var noValues = await cli.Workbench("sweep", spec, "--axis", "temperature");
        var none = await cli.Workbench("sweep", spec);
        var twice = await cli.Workbench("sweep", spec, "--grid", grid, "--axis", "seed=3");
        var outOfRange = await cli.Workbench("sweep", spec, "--axis", "temperature=1,9");
        var invalidSpec = await cli.Workbench("sweep", badSpec, "--axis", "seed=1");
        var badPatience = await cli.Workbench("sweep", spec, "--axis", "seed=1", "--watch", "--give-up-after", "soon");

        Assert.Equal((2, "--axis \"temperature\" should read name=value,value,… e.g. temperature=0.5,1"), (noValues.ExitCode, noValues.Error.Trim()));
        Assert.Equal((2, "--axis: give at least one, e.g. --axis seed=1,2,3 (or a --grid file)"), (none.ExitCode, none.Error.Trim()));
        Assert.Equal((2, "--axis: seed is given twice"), (twice.ExitCode, twice.Error.Trim()));
        Assert.Equal(2, outOfRange.ExitCode);
        Assert.Contains("  axes.temperature: temperature = 9: must be between 0 and 5", outOfRange.ErrorLines);
        Assert.Equal(2, invalidSpec.ExitCode);
        Assert.Contains(invalidSpec.ErrorLines, line => line.StartsWith("  spec.trainingSteps: "));
        Assert.Equal((2, "--give-up-after: \"soon\" is not a length of time; write e.g. 90s, 10m or 1h"), (badPatience.ExitCode, badPatience.Error.Trim()));
        Assert.All([noValues, none, twice, outOfRange, invalidSpec, badPatience], result => Assert.Equal("", result.Output));
        Assert.Equal(before, (await groups.List()).Total);
    }

    [Fact]
    public async Task Recipes_are_listed_and_one_is_run_as_a_group_that_is_cancelled_and_watched_to_its_end()
    {
        var listed = await cli.Workbench("recipe", "list");
        var unknownRecipe = await cli.Workbench("recipe", "run", "no-such-recipe");
        var unknownGroup = Guid.NewGuid().ToString();
        var noGroup = await cli.Workbench("group", "show", unknownGroup);
        var noGroupToCancel = await cli.Workbench("group", "cancel", unknownGroup);

        Assert.Equal(0, listed.ExitCode);
        Assert.Equal(["NAME", "RUNS", "KIND", "TITLE"], listed.Lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(RecipeBook.All.Select(recipe => $"{recipe.Name} {recipe.Runs.Count} {ExperimentJson.KindOf(recipe.BaseSpec)} {recipe.Title}"),
            listed.Lines.Skip(1).Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal((2, "no recipe no-such-recipe (workbench recipe list names them)"), (unknownRecipe.ExitCode, unknownRecipe.Error.Trim()));
        Assert.Equal((2, $"no group {unknownGroup}"), (noGroup.ExitCode, noGroup.Error.Trim()));
        Assert.Equal((2, $"no group {unknownGroup}"), (noGroupToCancel.ExitCode, noGroupToCancel.Error.Trim()));

        var ran = await cli.Workbench("recipe", "run", AlignmentShrinksHorizon.Name);
        // The worker is shared by every test: the recipe's own runs are not the point here, so the whole group is cancelled.
        var id = Guid.Parse(ran.Lines.Single());
        var cancelled = await cli.Workbench("group", "cancel", id.ToString());
        var watched = await cli.Workbench("group", "watch", id.ToString());

        Assert.Equal(0, ran.ExitCode);
        Assert.Equal($"15 runs submitted as group {id}", ran.Error.Trim());
        Assert.Equal(0, cancelled.ExitCode);
        var counts = System.Text.RegularExpressions.Regex.Match(cancelled.Output.Trim(), $@"^group {id}: (\d+) cancelled, (\d+) asked to stop, (\d+) had already finished$");
        Assert.True(counts.Success, cancelled.Output);
        Assert.Equal(15, Enumerable.Range(1, 3).Sum(i => int.Parse(counts.Groups[i].Value)));
        Assert.Equal(1, watched.ExitCode);
        Assert.Matches($@"^group {id} finished: \d+ succeeded(, \d+ failed)?, \d+ cancelled$", watched.Lines[0]);
        var group = await groups.Get(id);
        Assert.Equal((AlignmentShrinksHorizon.Name, 15), (group.Group.Recipe, group.Group.Finished));
        Assert.All(group.Rows, row => Assert.NotEqual(RunStatus.Running, row.Status));
    }

    public void Dispose() => cli.Dispose();

    /// <summary>A table row cut where the header's columns start, two spaces apart (cells and labels may hold single spaces).</summary>
    private static string[] Cells(string header, string row)
    {
        var starts = System.Text.RegularExpressions.Regex.Matches(header, @"(?<=^|\s{2})\S").Select(column => column.Index).ToList();
        return [.. starts.Select((start, i) => (i + 1 < starts.Count ? row[start..starts[i + 1]] : row[start..]).Trim())];
    }
}
