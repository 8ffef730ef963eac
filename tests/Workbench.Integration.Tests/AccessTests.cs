using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Testing;
using Workbench.Web.Accounts;

namespace Workbench.Integration.Tests;

/// <summary>Nobody outside the team gets in; scripts get in with personal access tokens.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class AccessTests(WorkbenchFixture fixture)
{
    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/api/runs/01a21255-8b60-71d0-bec2-6c92c8208880")]
    [InlineData("/api/runs/01a21255-8b60-71d0-bec2-6c92c8208880/events")]
    [InlineData("/api/runs/export?format=csv")]
    [InlineData("/api/compare?ids=01a21255-8b60-71d0-bec2-6c92c8208880,01a21255-8b60-71d0-bec2-6c92c8208881")]
    [InlineData("/api/tokens")]
    [InlineData("/api/users")]
    [InlineData("/api/me")]
    [InlineData("/hangfire")]
    public async Task Anonymous_requests_to_the_api_and_the_dashboard_are_refused(string path)
    {
        using var anonymous = fixture.Hosts.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_submissions_are_refused_and_write_nothing()
    {
        using var anonymous = fixture.Hosts.CreateAnonymousClient();
        using var admin = fixture.Hosts.CreateClient(WorkbenchHosts.AdminName);
        var before = (await admin.GetFromJsonAsync<JsonElement>("/api/runs")).GetProperty("total").GetInt64();

        var response = await anonymous.PostAsJsonAsync("/api/runs", (ExperimentSpec)WorkbenchFixture.TinySpec, ExperimentJson.Options);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonElement>("/api/runs")).GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/runs/new")]
    [InlineData("/compare")]
    [InlineData("/account/profile")]
    [InlineData("/admin/users")]
    public async Task Anonymous_visitors_of_a_page_are_sent_to_sign_in(string path)
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Hosts.BaseAddress };

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_token_acts_as_its_user_until_it_is_revoked()
    {
        using var grace = fixture.Hosts.CreateClient("grace");
        var created = await (await grace.PostAsJsonAsync("/api/tokens", new NewToken("laptop script"))).Content.ReadFromJsonAsync<CreatedToken>();
        using var script = fixture.Hosts.CreateAnonymousClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created!.Token);

        var me = await script.GetFromJsonAsync<Me>("/api/me");
        var submitted = await script.PostAsJsonAsync("/api/runs", (ExperimentSpec)(WorkbenchFixture.TinySpec with { Seed = 51 }), ExperimentJson.Options);
        var runId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var events = await grace.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/events");
        Assert.Equal(HttpStatusCode.NoContent, (await grace.DeleteAsync($"/api/tokens/{created.Id}")).StatusCode);
        var afterRevoking = await script.GetAsync("/api/runs");

        Assert.Equal(new Me("grace", false), me);
        Assert.Equal("grace", events[0].GetProperty("data").GetProperty("submittedBy").GetString());
        Assert.Equal("grace", events[0].GetProperty("user").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoking.StatusCode);
        var listed = await grace.GetFromJsonAsync<List<TokenView>>("/api/tokens");
        Assert.NotNull(Assert.Single(listed!, token => token.Id == created.Id).RevokedAt);
        await new RunsApiClient(grace).WaitUntilFinished(runId);
    }

    [Fact]
    public async Task A_user_can_neither_see_nor_revoke_someone_elses_tokens_and_made_up_tokens_are_refused()
    {
        using var grace = fixture.Hosts.CreateClient("grace");
        using var linus = fixture.Hosts.CreateClient("linus");
        var graces = await (await grace.PostAsJsonAsync("/api/tokens", new NewToken("grace's"))).Content.ReadFromJsonAsync<CreatedToken>();
        using var forged = fixture.Hosts.CreateAnonymousClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessTokens.Prefix + "made-up");

        Assert.Equal(HttpStatusCode.NotFound, (await linus.DeleteAsync($"/api/tokens/{graces!.Id}")).StatusCode);
        Assert.DoesNotContain(await linus.GetFromJsonAsync<List<TokenView>>("/api/tokens") ?? [], token => token.Id == graces.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/runs")).StatusCode);
        using var stillGrace = fixture.Hosts.CreateAnonymousClient();
        stillGrace.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", graces.Token);
        Assert.Equal(new Me("grace", false), await stillGrace.GetFromJsonAsync<Me>("/api/me"));
    }

    [Fact]
    public async Task Only_admins_create_users_and_see_the_dashboard()
    {
        using var admin = fixture.Hosts.CreateClient(WorkbenchHosts.AdminName);
        using var member = fixture.Hosts.CreateClient("linus");

        var refused = await member.PostAsJsonAsync("/api/users", new NewUser("mallory", "password-of-mallory", Admin: true));
        var created = await admin.PostAsJsonAsync("/api/users", new NewUser("barbara", "password-of-barbara", Admin: false));
        var tooShort = await admin.PostAsJsonAsync("/api/users", new NewUser("ken", "short", Admin: false));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        var users = await admin.GetFromJsonAsync<List<UserView>>("/api/users");
        Assert.Contains(users!, user => user is { UserName: "barbara", IsAdmin: false, CreatedBy: WorkbenchHosts.AdminName });
        Assert.DoesNotContain(users!, user => user.UserName is "mallory" or "ken");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }
}
