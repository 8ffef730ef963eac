using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Testing;

namespace Workbench.Integration.Tests.Security;

/// <summary>Input the store cannot take or the framework cannot bind is a 4xx problem naming the field, never a 500.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class InputRefusalTests(WorkbenchFixture fixture)
{
    private const string SomeRun = "01a21255-8b60-71d0-bec2-6c92c8208880";

    private readonly HttpClient http = fixture.Hosts.CreateClient();

    [Theory]
    [InlineData("/api/runs?filter=title%20%3D%20a%00b", "filter")]
    [InlineData("/api/runs?search=a%00b", "search")]
    [InlineData("/api/runs/export?search=a%00b", "search")]
    [InlineData("/api/runs?sort=a%00b", "sort")]
    [InlineData("/api/runs?page=1000000000", "page")]
    [InlineData("/api/runs?pageSize=0", "pageSize")]
    [InlineData("/api/groups?page=1000000000", "page")]
    [InlineData("/api/runs?page=abc", "page")]
    [InlineData("/api/groups?pageSize=many", "pageSize")]
    [InlineData($"/api/runs/{SomeRun}?version=0", "version")]
    [InlineData($"/api/runs/{SomeRun}?version=abc", "version")]
    public async Task A_bad_query_is_refused_naming_the_parameter(string path, string field) =>
        await Refused(await http.GetAsync(path), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task A_filter_longer_than_8_kb_is_refused_naming_the_filter_not_cut_off_by_the_server()
    {
        var filter = string.Join(" and ", Enumerable.Repeat("spec.seed >= 1", 700));

        await Refused(await http.GetAsync($"/api/runs?filter={Uri.EscapeDataString(filter)}"), HttpStatusCode.BadRequest, "filter");
    }

    [Fact]
    public async Task A_filter_date_with_an_offset_finds_the_runs_after_that_moment()
    {
        var response = await http.GetAsync($"/api/runs?filter={Uri.EscapeDataString("submitted >= 2000-11-01T00:00+02:00")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt64() > 0);
    }

    [Theory]
    [InlineData("/api/runs?clonedFrom=abc", """{"kind": "creativity"}""", "clonedFrom")]
    [InlineData($"/api/runs/{SomeRun}/tags", """{"tag": 5}""", "tag")]
    [InlineData($"/api/runs/{SomeRun}/tags", "", "body")]
    [InlineData($"/api/runs/{SomeRun}/notes", """{"text": "a\u0000b"}""", "text")]
    [InlineData($"/api/runs/{SomeRun}/notes", """{"text": "looks fine \u202Eevil"}""", "text")]
    [InlineData($"/api/runs/{SomeRun}/notes", """{"text": "bell \u0007"}""", "text")]
    [InlineData($"/api/runs/{SomeRun}/tags", """{"tag": "a-tag-that-is-longer-than-forty-characters-x"}""", "tag")]
    [InlineData("/api/tokens", """{"name": "laptop\u0000"}""", "name")]
    [InlineData("/api/groups/sweeps", """{"name": "sweep\u0000", "spec": {"kind": "creativity"}, "axes": {"seed": [1, 2]}}""", "name")]
    [InlineData("/api/runs", $$"""{"kind": "bfCheckpoint", "sourceRun": "{{SomeRun}}", "model": "al\u0000igned"}""", "model")]
    public async Task A_bad_body_is_refused_naming_the_field(string path, string body, string field) =>
        await Refused(await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Notes_tags_sweep_names_and_token_names_are_capped_at_their_documented_sizes()
    {
        var run = (await History.Record(Store(), [new History.PastRun(WorkbenchFixture.TinySpec, "ada", new Dictionary<string, double>())]))[0];

        var note = await http.PostAsJsonAsync($"/api/runs/{run}/notes", new { text = new string('n', 4001) });
        var fullNote = await http.PostAsJsonAsync($"/api/runs/{run}/notes", new { text = new string('n', 4000) });
        var sweep = await http.PostAsJsonAsync("/api/groups/sweeps", new { name = new string('s', 201), spec = new { kind = "creativity" }, axes = new { seed = new[] { 1, 2 } } });
        var token = await http.PostAsJsonAsync("/api/tokens", new { name = new string('t', 101) });

        await Refused(note, HttpStatusCode.BadRequest, "text");
        Assert.Equal(HttpStatusCode.OK, fullNote.StatusCode);
        await Refused(sweep, HttpStatusCode.BadRequest, "name");
        await Refused(token, HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task A_sweep_over_checkpoints_of_a_run_that_does_not_exist_is_refused_naming_the_source_run()
    {
        var response = await http.PostAsJsonAsync("/api/groups/sweeps", new
        {
            name = "missing source", spec = new { kind = "bfCheckpoint", sourceRun = SomeRun }, axes = new { seed = new[] { 1, 2 } },
        });

        await Refused(response, HttpStatusCode.BadRequest, "spec.sourceRun");
    }

    [Fact]
    public async Task A_user_name_of_a_megabyte_is_refused_naming_it()
    {
        using var admin = fixture.Hosts.CreateClient(WorkbenchHosts.AdminName);

        var response = await admin.PostAsJsonAsync("/api/users", new { userName = new string('u', 1024 * 1024), password = "long enough password" });

        await Refused(response, HttpStatusCode.BadRequest, "userName");
    }

    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/api/runs/import")]
    public async Task A_body_over_30_mb_is_refused_as_too_large_naming_the_body(string path)
    {
        var body = new StringContent($$"""{"kind": "creativity", "padding": "{{new string('x', 31 * 1024 * 1024)}}"}""", Encoding.UTF8, "application/json");
        // As curl does for large bodies: the server can refuse before the body is sent (else it closes the connection mid-upload).
        using var patient = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) }) { BaseAddress = fixture.Hosts.BaseAddress };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body, Headers = { ExpectContinue = true } };
        request.Headers.Authorization = http.DefaultRequestHeaders.Authorization;

        await Refused(await patient.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "body");
    }

    private IDocumentStore Store() => fixture.Hosts.WebServices.GetRequiredService<IDocumentStore>();

    internal static async Task Refused(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"errors name '{field}': {body}");
    }
}
