using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs;
using Workbench.Runs.Grouping;
using Workbench.Engine.Recipes;
using Workbench.Engine.Creativity.Recipes;
using Workbench.Engine.BranchingFactor.Recipes;
using Workbench.Runs.Hosting;

namespace Workbench.Integration.Tests;

[Collection(WorkbenchCollection.Name)]
public sealed class GroupsTests(WorkbenchFixture fixture)
{
    private readonly RunsApiClient runs = new(fixture.Hosts.CreateClient("mary"));
    private readonly GroupsApiClient groups = new(fixture.Hosts.CreateClient("mary"));
    private readonly HttpClient http = fixture.Hosts.CreateClient("mary");

    [Fact]
    public async Task A_sweep_runs_every_point_of_its_grid_through_the_queue_and_tabulates_the_results()
    {
        var axes = new Dictionary<string, object[]> { ["objective"] = ["nextToken", "teacherless"], ["seed"] = [7, 8] };

        var submitted = await groups.SubmitSweep("objective by seed", WorkbenchFixture.TinySpec, axes);

        Assert.Equal(4, submitted.RunIds.Count);
        var finished = new List<Run>();
        foreach (var id in submitted.RunIds) finished.Add(await runs.WaitUntilFinished(id));
        Assert.All(finished, run => Assert.Equal((RunStatus.Succeeded, submitted.GroupId, "mary"), (run.Status, run.Group, run.SubmittedBy)));
        var specs = finished.Select(run => (CreativitySpec)run.Spec).ToList();
        Assert.Equal([(TrainingObjective.NextToken, 7), (TrainingObjective.NextToken, 8), (TrainingObjective.Teacherless, 7), (TrainingObjective.Teacherless, 8)],
            specs.Select(spec => (spec.Objective, spec.Seed)));
        Assert.All(specs, spec => Assert.Equal(WorkbenchFixture.TinySpec with { Objective = spec.Objective, Seed = spec.Seed }, spec));

        var group = await groups.Get(submitted.GroupId);
        Assert.Equal(("objective by seed", GroupKind.Sweep, "mary", 4, 4, 4), (group.Group.Name, group.Group.Kind, group.Group.CreatedBy, group.Group.Runs, group.Group.Finished, group.Group.Succeeded));
        Assert.Equal(["objective", "seed"], group.Axes.Select(axis => axis.Parameter));
        Assert.Equal(submitted.RunIds, group.Rows.Select(row => row.RunId));
        foreach (var (row, run) in group.Rows.Zip(finished))
        {
            Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(((CreativitySpec)run.Spec).Objective.ToString()), row.Parameters["objective"].GetString());
            Assert.Equal(((CreativitySpec)run.Spec).Seed, row.Parameters["seed"].GetInt32());
            Assert.Equal(run.Metrics, row.Metrics);
        }

        var json = JsonDocument.Parse(await groups.ResultsText(submitted.GroupId, "json")).RootElement;
        Assert.Equal(4, json.GetProperty("rows").GetArrayLength());
        Assert.Contains("creativity", json.GetProperty("metrics").EnumerateArray().Select(metric => metric.GetString()));

        var labelled = (await groups.ResultsText(submitted.GroupId, "csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var csv = (await groups.ResultsText(submitted.GroupId, "csv&names=machine")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, csv.Length);
        Assert.Equal(["Run id", "Name", "Objective", "Seed", "Status"], CsvLine.Cells(labelled[0])[..5]);
        Assert.Contains("Creativity", CsvLine.Cells(labelled[0]));
        Assert.Equal(labelled[1..], csv[1..]);
        var header = CsvLine.Cells(csv[0]);
        Assert.Equal(["runId", "name", "objective", "seed", "status"], header[..5]);
        var creativityColumn = header.IndexOf("creativity");
        foreach (var (line, run) in csv[1..].Zip(finished))
        {
            var cells = CsvLine.Cells(line);
            Assert.Equal(run.Id.ToString(), cells[0]);
            var spec = (CreativitySpec)run.Spec;
            Assert.Equal($"{JsonNamingPolicy.CamelCase.ConvertName(spec.Objective.ToString())}, Seed = {spec.Seed}", cells[1]);
            Assert.Equal("Succeeded", cells[4]);
            Assert.Equal(run.Metrics["creativity"], double.Parse(cells[creativityColumn], CultureInfo.InvariantCulture));
        }

        var listed = (await groups.List()).Items.Single(item => item.Id == submitted.GroupId);
        Assert.Equal((4, 4), (listed.Runs, listed.Finished));
    }

    [Theory]
    [InlineData("""{"name":"x","spec":{"kind":"creativity"},"axes":{"temprature":[1,2]}}""", "axes.temprature", "'temprature' is not a parameter of a creativity spec")]
    [InlineData("""{"name":"x","spec":{"kind":"creativity"},"axes":{"temperature":[1,9]}}""", "axes.temperature", "temperature = 9: must be between 0 and 5")]
    [InlineData("""{"name":"x","spec":{"kind":"creativity"},"axes":{"objective":["nextToken","guessing"]}}""", "axes.objective", "objective = guessing: must be one of")]
    [InlineData("""{"name":"x","spec":{"kind":"creativity"},"axes":{"seed":7}}""", "axes.seed", "must be a list of values")]
    [InlineData("""{"name":"x","spec":{"kind":"creativity"},"axes":"seed 1, 2"}""", "axes", "line 1:")]
    [InlineData("""{"name":"x","spec":{"kind":"creativity"}}""", "axes", "required")]
    [InlineData("""{"name":"x","spec":{"kind":"creativity"},"axes":{"seed":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],"topK":[1,2,3,4,5,6,7,8,9,10,11,12,13,14]}}""", "axes", "the grid has 210 runs (15 × 14); at most 200")]
    [InlineData("""{"name":"x","spec":{"kind":"creativity","trainingSteps":0},"axes":{"seed":[1]}}""", "spec.trainingSteps", "must be between 1 and 100000")]
    [InlineData("""{"name":"x","axes":{"seed":[1]}}""", "spec", "required")]
    [InlineData("""{"name":"","spec":{"kind":"creativity"},"axes":{"seed":[1]}}""", "name", "give the sweep a name")]
    [InlineData("""[1]""", "body", "must be a JSON object")]
    public async Task A_bad_sweep_is_refused_whole_with_a_problem_naming_the_axis(string body, string field, string message)
    {
        var before = (await groups.List()).Total;

        var response = await groups.PostSweepRaw(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors name '{field}': {problem}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(message));
        Assert.Equal(before, (await groups.List()).Total);
    }

    [Fact]
    public async Task Recipes_are_listed_and_one_submits_its_labelled_runs_as_a_group()
    {
        var recipes = await groups.Recipes();
        Assert.Equal(RecipeBook.All.Select(recipe => recipe.Name), recipes.Select(recipe => recipe.Name));
        Assert.Equal(36, recipes.Single(recipe => recipe.Name == MultiTokenVsNextToken.Name).Runs);

        var submitted = await groups.SubmitRecipe(AlignmentShrinksHorizon.Name);
        // The worker is shared by every test: the recipe's own runs are not the point here, so the whole group is cancelled.
        var cancelled = await http.PostAsync($"/api/groups/{submitted.GroupId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        var counts = await cancelled.Content.ReadFromJsonAsync<GroupCancellation>();
        Assert.Equal(15, counts!.Cancelled + counts.Stopping + counts.AlreadyFinished);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"/api/groups/{Guid.NewGuid()}/cancel", null)).StatusCode);

        var group = await groups.Get(submitted.GroupId);
        Assert.Equal((GroupKind.Recipe, AlignmentShrinksHorizon.Name, AlignmentShrinksHorizon.Recipe.Title, 15),
            (group.Group.Kind, group.Group.Recipe, group.Group.Name, group.Rows.Count));
        Assert.Equal("branchingFactor", group.Group.Experiment);
        Assert.Equal(
            [.. Enumerable.Repeat(AlignmentShrinksHorizon.BaseVsAligned(1), 3), .. Enumerable.Repeat(AlignmentShrinksHorizon.BaseVsAligned(4), 3),
             .. Enumerable.Repeat(AlignmentShrinksHorizon.Resampling, 3), .. Enumerable.Repeat(AlignmentShrinksHorizon.DecodingSensitivity, 3),
             .. Enumerable.Repeat(AlignmentShrinksHorizon.FactorAnalysis, 3)],
            group.Rows.Select(row => row.Parameters[AlignmentShrinksHorizon.Measurement].GetString()));
        Assert.Equal([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3], group.Rows.Select(row => row.Parameters["seed"].GetInt32()));
        foreach (var id in submitted.RunIds) await runs.WaitUntilFinished(id);
    }

    [Fact]
    public async Task Rebuilding_the_projections_from_the_streams_gives_the_group_documents_back()
    {
        var submitted = await groups.SubmitSweep("rebuilt", WorkbenchFixture.TinySpec, new { seed = new[] { 21 } });
        await runs.WaitUntilFinished(submitted.RunIds[0]);
        var store = fixture.Hosts.WebServices.GetRequiredService<IDocumentStore>();
        await using var before = store.QuerySession();
        var live = await before.LoadAsync<Group>(submitted.GroupId);
        await using (var wipe = store.LightweightSession())
        {
            // Damage the read side: the rebuild must not depend on it.
            wipe.Delete<Group>(submitted.GroupId);
            await wipe.SaveChangesAsync();
        }

        await RebuildProjections.All(store, CancellationToken.None);

        await using var after = store.QuerySession();
        var rebuilt = await after.LoadAsync<Group>(submitted.GroupId);
        Assert.NotNull(rebuilt);
        Assert.Equal(JsonSerializer.Serialize(live, ExperimentJson.Options), JsonSerializer.Serialize(rebuilt, ExperimentJson.Options));
        Assert.Equal([submitted.RunIds[0]], rebuilt.Runs.Select(member => member.RunId));
    }

    [Fact]
    public async Task Unknown_recipes_groups_and_formats_are_named()
    {
        using var http = fixture.Hosts.CreateClient("mary");
        var unknownRecipe = await http.PostAsync("/api/recipes/no-such-recipe", null);
        Assert.Equal(HttpStatusCode.NotFound, unknownRecipe.StatusCode);
        Assert.Contains(MultiTokenVsNextToken.Name, await unknownRecipe.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/groups/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/groups/{Guid.NewGuid()}/results?format=xlsx")).StatusCode);
    }
}
