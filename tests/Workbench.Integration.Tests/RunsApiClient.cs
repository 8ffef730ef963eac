using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Replaying;
using Workbench.Web.Runs;

namespace Workbench.Integration.Tests;

/// <summary>The HTTP API as a script would use it.</summary>
public sealed class RunsApiClient(HttpClient http)
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    public Task<HttpResponseMessage> PostRaw(string json, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs" + query) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return http.SendAsync(request);
    }

    public async Task<Guid> Submit(ExperimentSpec spec, Guid? clonedFrom = null)
    {
        var response = await PostRaw(JsonSerializer.Serialize(spec, ExperimentJson.Options), clonedFrom is null ? "" : $"?clonedFrom={clonedFrom}");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmittedRun>(ExperimentJson.Options))!.Id;
    }

    public async Task<Run> Get(Guid id, long? version = null) =>
        (await http.GetFromJsonAsync<Run>($"/api/runs/{id}" + (version is null ? "" : $"?version={version}"), ExperimentJson.Options))!;

    public async Task<Guid> Replay(Guid id)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{id}/replay");
        var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmittedRun>(ExperimentJson.Options))!.Id;
    }

    public async Task<ReplayVerdict> Verification(Guid id) =>
        (await http.GetFromJsonAsync<ReplayVerdict>($"/api/runs/{id}/verification", ExperimentJson.Options))!;

    public async Task<List<JsonElement>> Derived(Guid id) =>
        (await http.GetFromJsonAsync<List<JsonElement>>($"/api/runs/{id}/derived", ExperimentJson.Options))!;

    public async Task<List<RecordedEventView>> Events(Guid id) =>
        (await http.GetFromJsonAsync<List<RecordedEventView>>($"/api/runs/{id}/events", ExperimentJson.Options))!;

    public Task<HttpResponseMessage> Cancel(Guid id)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{id}/cancel");
        return http.SendAsync(request);
    }

    /// <summary>Polls until the run satisfies <paramref name="condition"/>; fails after a generous timeout.</summary>
    public async Task<Run> WaitUntil(Guid id, Func<Run, bool> condition)
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        while (true)
        {
            var run = await Get(id);
            if (condition(run)) return run;
            Assert.False(timeout.IsCancellationRequested, $"Run {id} is still {run.Status} (step {run.Step}/{run.TotalSteps}).");
            await Task.Delay(200);
        }
    }

    public Task<Run> WaitUntilFinished(Guid id) => WaitUntil(id, run => run.IsFinished);
}

public sealed record RecordedEventView(long Version, string Type, string Title, DateTimeOffset Timestamp, JsonElement Data);
