using System.Net;
using System.Text.Json;
using Workbench.Runs;

namespace Workbench.Integration.Tests;

[Collection(WorkbenchCollection.Name)]
public sealed class SubmittingRunsTests(WorkbenchFixture fixture)
{
    private readonly RunsApiClient api = new(fixture.Hosts.CreateClient());

    [Fact]
    public async Task A_submitted_run_is_trained_and_scored_by_a_worker_and_every_step_is_an_event()
    {
        var id = await api.Submit(WorkbenchFixture.TinySpec);

        var run = await api.WaitUntilFinished(id);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal("ada", run.SubmittedBy);
        Assert.Equal(1, run.Attempt);
        Assert.Equal("cpu", run.Environment!.Device);
        Assert.Matches("^[0-9a-f]{40}$", run.Code!.Commit);
        Assert.Equal(7, run.Seeds["sampling"]);
        Assert.True(fixture.Hosts.Artifacts.Contains(run.Checkpoints["model"]));
        Assert.True(fixture.Hosts.Artifacts.Contains(run.Details!));
        Assert.Equal(20, run.Step);
        Assert.Equal(20, run.Loss.Count);
        Assert.InRange(run.Metrics["creativity"], 0, 1);
        Assert.Equal(16, run.Metrics["generated"]);
        Assert.NotEmpty(run.Examples);
        Assert.Matches("^[0-9a-f]{64}$", run.Dataset!.ContentHash);

        var events = await api.Events(id);
        var types = events.Select(e => e.Type).Distinct().ToList();
        Assert.Equal(["run_submitted", "run_queued", "run_started_v2", "dataset_generated", "training_progressed", "checkpoint_saved", "evaluation_completed_v2", "run_succeeded"], types);
        // Scripts match the stored type; people read its title.
        Assert.Equal(["Run submitted", "Run queued", "Run started", "Dataset generated", "Training progressed", "Checkpoint saved", "Evaluation completed", "Run succeeded"],
            events.Select(e => e.Title).Distinct());
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
        var submitted = events[0].Data;
        Assert.Equal("creativity", submitted.GetProperty("spec").GetProperty("kind").GetString());
        Assert.Equal(20, submitted.GetProperty("spec").GetProperty("trainingSteps").GetInt32());
        Assert.Equal(run.JobId, events[1].Data.GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task The_runs_list_is_shared_and_newest_first()
    {
        var first = await api.Submit(WorkbenchFixture.TinySpec);
        var second = await new RunsApiClient(fixture.Hosts.CreateClient("grace")).Submit(WorkbenchFixture.TinySpec with { Seed = 8 });

        using var http = fixture.Hosts.CreateClient();
        var page = JsonDocument.Parse(await http.GetStringAsync("/api/runs?page=1&pageSize=200")).RootElement;
        var ids = page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ToList();

        Assert.True(ids.IndexOf(second) < ids.IndexOf(first), "the newer run comes first");
        var graces = page.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("id").GetGuid() == second);
        Assert.Equal("grace", graces.GetProperty("submittedBy").GetString());
        Assert.True(page.GetProperty("total").GetInt64() >= 2);
        await api.WaitUntilFinished(first);
        await api.WaitUntilFinished(second);
    }

    [Theory]
    [InlineData("""{"kind":"creativity","trainingSteps":0}""", "trainingSteps")]
    [InlineData("""{"kind":"creativity","learningRate":-1}""", "learningRate")]
    [InlineData("""{"kind":"creativity","trainingSteps":"many"}""", "trainingSteps")]
    [InlineData("""{"kind":"poetry"}""", "kind")]
    [InlineData("""{"kind":"creativity",""", "spec")]
    [InlineData("", "spec")]
    public async Task A_bad_spec_is_refused_with_a_problem_naming_the_field(string body, string field)
    {
        var response = await api.PostRaw(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name '{field}': {problem}");
    }

    [Fact]
    public async Task Paging_arguments_out_of_range_are_refused()
    {
        using var http = fixture.Hosts.CreateClient();
        var response = await http.GetAsync("/api/runs?page=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_run_is_not_found()
    {
        using var http = fixture.Hosts.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/runs/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/runs/{Guid.NewGuid()}/events")).StatusCode);
    }
}
