using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Testing;
using Workbench.Web.Accounts;

namespace Workbench.Integration.Tests.Security;

/// <summary>
/// What a page on another site (another port of this host included) can make a signed-in browser send — a form post
/// or a no-cors fetch: a text/plain, form or multipart body and no custom header — changes nothing.
/// </summary>
[Collection(WorkbenchCollection.Name)]
public sealed class RequestForgeryTests(WorkbenchFixture fixture)
{
    private const string SomeRun = "01a21255-8b60-71d0-bec2-6c92c8208880";

    private WorkbenchHosts Hosts => fixture.Hosts;

    [Theory]
    [InlineData("POST", "/api/runs")]
    [InlineData("POST", "/api/runs/import")]
    [InlineData("POST", $"/api/runs/{SomeRun}/cancel")]
    [InlineData("POST", $"/api/runs/{SomeRun}/replay")]
    [InlineData("POST", $"/api/runs/{SomeRun}/tags")]
    [InlineData("DELETE", $"/api/runs/{SomeRun}/tags/baseline")]
    [InlineData("POST", $"/api/runs/{SomeRun}/notes")]
    [InlineData("POST", "/api/groups/sweeps")]
    [InlineData("POST", $"/api/groups/{SomeRun}/cancel")]
    [InlineData("POST", "/api/recipes/multi-token-vs-next-token")]
    [InlineData("POST", "/api/tokens")]
    [InlineData("DELETE", $"/api/tokens/{SomeRun}")]
    [InlineData("POST", "/api/users")]
    [InlineData("POST", "/api/users/ada/disable")]
    public async Task A_cookie_signed_change_without_the_custom_header_is_refused_naming_it(string method, string path)
    {
        using var admin = await SignedIn(WorkbenchHosts.AdminName, WorkbenchHosts.AdminPassword);

        var response = await admin.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("""{"kind": "creativity", "tag": "x", "text": "x", "name": "x"}""", Encoding.UTF8, "text/plain"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(Errors(await response.Content.ReadAsStringAsync()).TryGetProperty(RequestForgery.Header, out _));
    }

    [Fact]
    public async Task A_forged_submission_writes_no_run_while_the_same_with_the_header_and_json_is_accepted()
    {
        using var cookie = await SignedIn("cora", WorkbenchHosts.UserPassword);
        using var token = Hosts.CreateClient("cora");
        var before = await Total(token);
        var spec = JsonSerializer.Serialize((ExperimentSpec)(WorkbenchFixture.TinySpec with { Seed = 71 }), ExperimentJson.Options);

        var textPlain = await cookie.Http.PostAsync("/api/runs", new StringContent(spec, Encoding.UTF8, "text/plain"));
        var form = await cookie.Http.PostAsync("/api/runs", new FormUrlEncodedContent(new Dictionary<string, string> { [spec] = "" }));
        var formWithHeader = await cookie.Http.SendAsync(WithHeader(new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StringContent(spec, Encoding.UTF8, "text/plain"),
        }));
        var afterForgeries = await Total(token);
        var json = await cookie.Http.SendAsync(WithHeader(new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StringContent(spec, Encoding.UTF8, "application/json"),
        }));
        var bodilessWithHeader = await cookie.Http.SendAsync(WithHeader(new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{SomeRun}/cancel")));

        Assert.Equal(HttpStatusCode.BadRequest, textPlain.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.True(Errors(await formWithHeader.Content.ReadAsStringAsync()).TryGetProperty("Content-Type", out _));
        Assert.Equal(before, afterForgeries);
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bodilessWithHeader.StatusCode);
        var id = (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await new RunsApiClient(token).WaitUntilFinished(id);
    }

    [Fact]
    public async Task Calls_with_an_access_token_need_no_header()
    {
        using var token = Hosts.CreateClient("cora");

        var cancel = await token.PostAsync($"/api/runs/{SomeRun}/cancel", null);

        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
    }

    private async Task<BrowserSession> SignedIn(string userName, string password)
    {
        await Hosts.CreateUser(userName);
        var browser = new BrowserSession(Hosts.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignIn(userName, password)).StatusCode);
        return browser;
    }

    private static HttpRequestMessage WithHeader(HttpRequestMessage request)
    {
        request.Headers.Add(RequestForgery.Header, "workbench-test");
        return request;
    }

    private static async Task<long> Total(HttpClient http) => (await http.GetFromJsonAsync<JsonElement>("/api/runs")).GetProperty("total").GetInt64();

    private static JsonElement Errors(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("errors");
}
