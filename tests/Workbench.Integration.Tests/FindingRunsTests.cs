using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs.Annotating;
using Workbench.Testing;

namespace Workbench.Integration.Tests;

/// <summary>
/// Finding runs in the shared history: filter, search, sort, tag, note and export through the API, over runs
/// recorded straight into the store (their training is not what is tested here). Each test's runs belong to
/// a user of its own, so the other tests' runs never match.
/// </summary>
[Collection(WorkbenchCollection.Name)]
public sealed class FindingRunsTests(WorkbenchFixture fixture)
{
    private IDocumentStore Store => fixture.Hosts.WebServices.GetRequiredService<IDocumentStore>();

    private static CreativitySpec Spec(TrainingObjective objective, int seed) => WorkbenchFixture.TinySpec with { Objective = objective, Seed = seed };

    private static Dictionary<string, double> Scores(double creativity) => new() { ["creativity"] = creativity, ["memorization"] = 1 - creativity };

    [Fact]
    public async Task A_filter_over_spec_parameters_and_metrics_finds_exactly_the_matching_runs()
    {
        var ids = await History.Record(Store,
        [
            new(Spec(TrainingObjective.Teacherless, 1), "finder-1", Scores(0.5)),
            new(Spec(TrainingObjective.Teacherless, 2), "finder-1", Scores(0.2)),
            new(Spec(TrainingObjective.NextToken, 3), "finder-1", Scores(0.6)),
            new(Spec(TrainingObjective.Teacherless, 4), "someone-else", Scores(0.9)),
        ]);
        using var client = fixture.Hosts.CreateClient("ada");

        var found = await List(client, "filter=" + Uri.EscapeDataString("user = finder-1 and objective = teacherless and creativity > 0.3"));
        var sorted = await List(client, "filter=user%20%3D%20finder-1&sort=-creativity");

        Assert.Equal([ids[0]], found.Items.Select(run => run.Id));
        Assert.Equal(1, found.Total);
        Assert.Equal([ids[2], ids[0], ids[1]], sorted.Items.Select(run => run.Id));
    }

    [Fact]
    public async Task Search_finds_words_in_titles_tags_and_notes()
    {
        var ids = await History.Record(Store,
        [
            new(Spec(TrainingObjective.NextToken, 1), "finder-2", Scores(0.1), Note: "Loss plateaued after warm-up"),
            new(Spec(TrainingObjective.NextToken, 2), "finder-2", Scores(0.1), Tags: ["plateau-study"]),
            new(Spec(TrainingObjective.NextToken, 3), "finder-2", Scores(0.1)),
        ]);
        using var client = fixture.Hosts.CreateClient("ada");

        var byNote = await List(client, "filter=user%3Dfinder-2&search=PLATEAUED%20warm");
        var byTag = await List(client, "filter=user%3Dfinder-2&search=plateau");
        var byTitle = await List(client, "filter=user%3Dfinder-2&search=sibling");

        Assert.Equal([ids[0]], byNote.Items.Select(run => run.Id));
        Assert.Equal([ids[1], ids[0]], byTag.Items.Select(run => run.Id));
        Assert.Equal(3, byTitle.Total);
    }

    [Fact]
    public async Task Tags_and_notes_are_events_recorded_in_the_name_of_who_added_them()
    {
        var id = (await History.Record(Store, [new(Spec(TrainingObjective.NextToken, 1), "finder-3", Scores(0.3))])).Single();
        using var ada = fixture.Hosts.CreateClient("ada");

        Assert.Equal(HttpStatusCode.OK, (await ada.PostAsJsonAsync($"/api/runs/{id}/tags", new TagRequestBody("baseline"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.PostAsJsonAsync($"/api/runs/{id}/tags", new TagRequestBody("fig-3"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.DeleteAsync($"/api/runs/{id}/tags/fig-3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.PostAsJsonAsync($"/api/runs/{id}/notes", new NoteRequestBody("Memorises the training graph."))).StatusCode);

        var events = await ada.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/events");
        var annotations = events.EnumerateArray().Skip(5).Select(e => (e.GetProperty("type").GetString(), e.GetProperty("user").GetString())).ToList();
        Assert.Equal([("run_tagged", "ada"), ("run_tagged", "ada"), ("run_untagged", "ada"), ("run_note_added", "ada")], annotations);
        var run = await ada.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
        Assert.Equal(["baseline"], run.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
        Assert.Equal("Memorises the training graph.", run.GetProperty("notes")[0].GetProperty("text").GetString());
        Assert.Equal([id], (await List(ada, "filter=tag%20%3D%20baseline%20and%20user%20%3D%20finder-3")).Items.Select(r => r.Id));
    }

    [Theory]
    [InlineData("tags", """{"tag": "has space"}""", "tag")]
    [InlineData("tags", """{"tag": ""}""", "tag")]
    [InlineData("notes", """{"text": "  "}""", "text")]
    public async Task A_bad_tag_or_note_is_refused_naming_the_field_and_records_nothing(string path, string body, string field)
    {
        var id = (await History.Record(Store, [new(Spec(TrainingObjective.NextToken, 1), "finder-4", Scores(0.3))])).Single();
        using var ada = fixture.Hosts.CreateClient("ada");

        var response = await ada.PostAsync($"/api/runs/{id}/{path}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(5, (await ada.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/events")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await ada.PostAsJsonAsync($"/api/runs/{Guid.NewGuid()}/notes", new NoteRequestBody("hello"))).StatusCode);
    }

    [Theory]
    [InlineData("filter=objective%20teacherless", "filter")]
    [InlineData("filter=creativty%20%3E%200.3", "filter")]
    [InlineData("sort=-nonexistentMetric", "sort")]
    [InlineData("sort=tag", "sort")]
    public async Task A_filter_or_sort_that_means_nothing_is_a_400_naming_it(string query, string field)
    {
        using var ada = fixture.Hosts.CreateClient("ada");

        var response = await ada.GetAsync($"/api/runs?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_filtered_list_exports_as_csv_and_json_with_a_column_per_parameter_and_metric()
    {
        var ids = await History.Record(Store,
        [
            new(Spec(TrainingObjective.Teacherless, 1), "finder-5", Scores(0.25), Tags: ["a", "b"]),
            new(Spec(TrainingObjective.Diffusion, 2), "finder-5", Scores(0.75)),
        ]);
        using var ada = fixture.Hosts.CreateClient("ada");

        var csv = (await ada.GetStringAsync("/api/runs/export?format=csv&filter=user%3Dfinder-5&sort=creativity&names=machine")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var labelled = (await ada.GetStringAsync("/api/runs/export?format=csv&filter=user%3Dfinder-5&sort=creativity")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var json = await ada.GetFromJsonAsync<JsonElement>("/api/runs/export?format=json&filter=user%3Dfinder-5");

        var header = CsvLine.Cells(csv[0]);
        Assert.Equal(3, csv.Length);
        Assert.Equal(ids[0].ToString(), CsvLine.Cells(csv[1])[0]);
        Assert.Equal("Creativity: sibling discovery, teacherless training", CsvLine.Cells(csv[1])[header.IndexOf("title")]);
        Assert.Equal("teacherless", CsvLine.Cells(csv[1])[header.IndexOf("spec.objective")]);
        Assert.Equal("0.75", CsvLine.Cells(csv[2])[header.IndexOf("metric.creativity")]);
        Assert.Equal("a b", CsvLine.Cells(csv[1])[header.IndexOf("tags")]);
        // By default the header reads as labels, column for column; the rows are the same.
        var labels = CsvLine.Cells(labelled[0]);
        Assert.Equal((labels.IndexOf("Run id"), labels.IndexOf("Objective"), labels.IndexOf("Seed prefix length"), labels.IndexOf("Creativity")),
            (header.IndexOf("id"), header.IndexOf("spec.objective"), header.IndexOf("spec.seedPrefixLength"), header.IndexOf("metric.creativity")));
        Assert.Equal(csv[1..], labelled[1..]);
        Assert.Equal(2, json.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await ada.GetAsync("/api/runs/export?format=xml")).StatusCode);
    }

    private static async Task<FoundPage> List(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<FoundPage>($"/api/runs?{query}", ExperimentJson.Options))!;

    private sealed record FoundPage(List<FoundRun> Items, long Total);

    private sealed record FoundRun(Guid Id, string Title);

    private sealed record TagRequestBody(string Tag);

    private sealed record NoteRequestBody(string Text);
}
