using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Exporting;

namespace Workbench.Integration.Tests.Security;

/// <summary>An archive is another workbench's claim: import checks all of it and trusts none of its ids or names.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class ImportValidationTests(WorkbenchFixture fixture)
{
    private static readonly SemaphoreSlim Exporting = new(1, 1);
    private static string? exported;

    private readonly HttpClient http = fixture.Hosts.CreateClient();

    [Fact]
    public async Task An_import_is_recorded_as_the_importers_with_no_queue_id_or_user_from_the_archive()
    {
        var (archive, id) = await Archive();
        foreach (var e in Events(archive)) e!["user"] = "admin";
        Events(archive).Single(e => (string?)e!["type"] == "run_queued")!["data"]!["jobId"] = "1";

        var response = await Post(archive);
        var run = await new RunsApiClient(http).Get(id);
        var events = await http.GetFromJsonAsync<List<JsonElement>>($"/api/runs/{id}/events");
        var cancel = await http.PostAsync($"/api/runs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("ada", run.ImportedBy);
        Assert.Equal(ImportRun.ImportedJobId, run.JobId);
        Assert.All(events!, e => Assert.Equal("ada", e.GetProperty("user").GetString()));
        var imported = events![^1];
        Assert.Equal("run_imported", imported.GetProperty("type").GetString());
        Assert.Equal(new[] { "admin" }, imported.GetProperty("data").GetProperty("archivedUsers").EnumerateArray().Select(u => u.GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
    }

    [Fact]
    public async Task Artifacts_no_event_refers_to_are_dropped()
    {
        var (archive, id) = await Archive();
        var stray = RandomNumberGenerator.GetBytes(64);
        var strayHash = Convert.ToHexStringLower(SHA256.HashData(stray));
        archive["artifacts"]![strayHash] = Convert.ToBase64String(stray);

        var response = await Post(archive);
        var run = await new RunsApiClient(http).Get(id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(fixture.Hosts.Artifacts.Contains(strayHash));
        Assert.True(fixture.Hosts.Artifacts.Contains(run.Checkpoints["model"]));
    }

    [Fact]
    public async Task Four_imports_of_one_run_at_once_store_it_once_and_tell_the_others_it_is_there()
    {
        var (archive, id) = await Archive();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Post(archive)));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
        Assert.Equal(3, responses.Count(response => response.StatusCode == HttpStatusCode.Conflict));
        var events = await http.GetFromJsonAsync<List<JsonElement>>($"/api/runs/{id}/events");
        Assert.Single(events!, e => e.GetProperty("type").GetString() == "run_submitted");
    }

    public static TheoryData<string, string> Tamperings => new()
    {
        { "invalid spec", "events[0].data.spec.trainingSteps" },
        { "not an event", "events[1].clrType" },
        { "unknown member", "events[1].data.surprise" },
        { "missing member", "events[1].data.queue" },
        { "NUL in a string", "events[1].data.queue" },
        { "out of order", "events[1].version" },
        { "not finished", "events" },
        { "missing events", "events" },
        { "bad artifact hash", "artifacts.not-a-hash" },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task A_tampered_archive_is_refused_naming_what_is_wrong_and_changes_nothing(string tampering, string field)
    {
        var (archive, id) = await Archive();
        var events = Events(archive);
        switch (tampering)
        {
            case "invalid spec": events[0]!["data"]!["spec"]!["trainingSteps"] = 0; break;
            case "not an event": events[1]!["clrType"] = "Workbench.Runs.Run, Workbench.Runs"; break;
            case "unknown member": events[1]!["data"]!["surprise"] = 1; break;
            case "missing member": events[1]!["data"]!.AsObject().Remove("queue"); break;
            case "NUL in a string": events[1]!["data"]!["queue"] = "a\0b"; break;
            case "out of order": events[1]!["version"] = 7; break;
            case "not finished": while (events.Count > 2) events.RemoveAt(events.Count - 1); break;
            case "missing events": archive.Remove("events"); break;
            case "bad artifact hash": archive["artifacts"] = new JsonObject { ["not-a-hash"] = "AAAA" }; break;
        }

        var response = await Post(archive);

        await InputRefusalTests.Refused(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/runs/{id}")).StatusCode);
    }

    /// <summary>An exported finished run, under a new id (as if from another workbench), to tamper with.</summary>
    private async Task<(JsonObject Archive, Guid Id)> Archive()
    {
        await Exporting.WaitAsync();
        try
        {
            if (exported is null)
            {
                var api = new RunsApiClient(http);
                var source = await api.WaitUntilFinished(await api.Submit(WorkbenchFixture.TinySpec with { Seed = 72 }));
                exported = await http.GetStringAsync($"/api/runs/{source.Id}/export");
            }
        }
        finally
        {
            Exporting.Release();
        }
        var archive = JsonNode.Parse(exported)!.AsObject();
        var id = Guid.CreateVersion7();
        archive["runId"] = id;
        Events(archive)[0]!["data"]!["runId"] = id;
        return (archive, id);
    }

    private static JsonArray Events(JsonObject archive) => archive["events"]!.AsArray();

    private Task<HttpResponseMessage> Post(JsonObject archive) =>
        http.PostAsync("/api/runs/import", new StringContent(archive.ToJsonString(), Encoding.UTF8, "application/json"));
}
