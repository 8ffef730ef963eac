using System.Net;
using System.Net.Http.Json;
using Workbench.Testing;
using Workbench.Web.Accounts;

namespace Workbench.Integration.Tests.Security;

/// <summary>Sign-in attempts per client address and token changes per user are limited (a workbench of its own, with low limits).</summary>
[Collection(AloneCollection.Name)]
public sealed class RateLimitTests(RateLimitTests.LowLimits workbench) : IClassFixture<RateLimitTests.LowLimits>
{
    private readonly WorkbenchHosts hosts = workbench.Hosts;

    public sealed class LowLimits : IAsyncLifetime
    {
        public WorkbenchHosts Hosts { get; private set; } = null!;

        public async Task InitializeAsync() => Hosts = await WorkbenchHosts.Start(workers: 0, new Dictionary<string, string>
        {
            ["RateLimits:SignInPerMinute"] = "3",
            ["RateLimits:TokensPerMinute"] = "2",
        });

        public async Task DisposeAsync() => await Hosts.DisposeAsync();
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_are_refused_whatever_the_name_while_the_page_still_shows()
    {
        await hosts.CreateUser("kim");
        using var browser = new BrowserSession(hosts.BaseAddress);

        var attempts = new List<HttpStatusCode>();
        foreach (var name in new[] { "kim", "lee", "max" }) attempts.Add((await browser.SignIn(name, "a guess")).StatusCode);
        var beyond = await browser.SignIn("kim", WorkbenchHosts.UserPassword);

        Assert.All(attempts, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, beyond.StatusCode);
        Assert.NotNull(beyond.Headers.RetryAfter);
        Assert.Null(browser.Session);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Creating_tokens_beyond_the_limit_is_refused_while_listing_them_still_works()
    {
        using var kim = hosts.CreateClient("kim");

        var first = await kim.PostAsJsonAsync("/api/tokens", new NewToken("one"));
        var second = await kim.PostAsJsonAsync("/api/tokens", new NewToken("two"));
        var third = await kim.PostAsJsonAsync("/api/tokens", new NewToken("three"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kim.GetAsync("/api/tokens")).StatusCode);
    }
}
