using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Testing;
using Workbench.Web.Accounts;

namespace Workbench.Integration.Tests.Security;

/// <summary>Signing in resists guessing; signing out and disabling an account end its sessions.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class SignInTests(WorkbenchFixture fixture)
{
    private WorkbenchHosts Hosts => fixture.Hosts;

    [Fact]
    public async Task Ten_wrong_passwords_in_a_row_lock_the_account_so_that_even_the_right_one_is_refused()
    {
        await Hosts.CreateUser("lou");
        using var browser = new BrowserSession(Hosts.BaseAddress);

        for (var attempt = 1; attempt <= 9; attempt++)
            Assert.Contains("Wrong user name or password.", await (await browser.SignIn("lou", $"wrong password {attempt}")).Content.ReadAsStringAsync());
        var tenth = await browser.SignIn("lou", "wrong password 10");
        var right = await browser.SignIn("lou", WorkbenchHosts.UserPassword);

        Assert.Contains("this account is locked", await tenth.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("this account is locked", await right.Content.ReadAsStringAsync());
        Assert.Null(browser.Session);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_right_password_signs_in_and_resets_the_count_of_wrong_ones()
    {
        await Hosts.CreateUser("mae");
        using var browser = new BrowserSession(Hosts.BaseAddress);

        for (var attempt = 1; attempt <= 9; attempt++) await browser.SignIn("mae", "wrong password");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignIn("mae", WorkbenchHosts.UserPassword)).StatusCode);
        await using var scope = Hosts.WebServices.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();

        Assert.Equal(0, (await users.FindByNameAsync("mae"))!.AccessFailedCount);
        Assert.Equal(new Me("mae", false), await browser.Http.GetFromJsonAsync<Me>("/api/me"));
    }

    [Fact]
    public async Task An_unknown_name_costs_a_password_hash_as_a_known_name_with_a_wrong_password_does()
    {
        await Hosts.CreateUser("ned");
        await using var scope = Hosts.WebServices.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        var hashes = new CountingHasher(users.PasswordHasher);
        users.PasswordHasher = hashes;
        var signIn = new PasswordSignIn(scope.ServiceProvider.GetRequiredService<SignInManager<WorkbenchUser>>(), users, hashes);

        var unknown = await signIn.Attempt("nobody-by-this-name", "a guess");
        var afterUnknown = hashes.Verified;
        var known = await signIn.Attempt("ned", "a guess");

        Assert.Equal(SignInOutcome.WrongCredentials, unknown);
        Assert.Equal(SignInOutcome.WrongCredentials, known);
        Assert.Equal(1, afterUnknown);
        Assert.Equal(2, hashes.Verified);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_for_every_copy_of_its_cookie()
    {
        await Hosts.CreateUser("sam");
        using var browser = new BrowserSession(Hosts.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignIn("sam", WorkbenchHosts.UserPassword)).StatusCode);
        using var copy = new BrowserSession(Hosts.BaseAddress, browser.Session);
        Assert.Equal(HttpStatusCode.OK, (await copy.Http.GetAsync("/api/me")).StatusCode);

        var signedOut = await browser.SignOut();

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.Http.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_needs_the_sign_out_forms_token_so_another_site_cannot_do_it()
    {
        await Hosts.CreateUser("tia");
        using var browser = new BrowserSession(Hosts.BaseAddress);
        await browser.SignIn("tia", WorkbenchHosts.UserPassword);

        var forged = await browser.Http.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_user_is_signed_out_everywhere_their_tokens_are_refused_and_they_cannot_sign_in_until_enabled()
    {
        await Hosts.CreateUser("dora");
        using var admin = Hosts.CreateClient(WorkbenchHosts.AdminName);
        using var browser = new BrowserSession(Hosts.BaseAddress);
        await browser.SignIn("dora", WorkbenchHosts.UserPassword);
        using var script = Hosts.CreateClient("dora");
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/me")).StatusCode);

        var disabled = await admin.PostAsync("/api/users/dora/disable", null);
        var cookieAfter = await browser.Http.GetAsync("/api/me");
        var tokenAfter = await script.GetAsync("/api/me");
        using var again = new BrowserSession(Hosts.BaseAddress);
        var signInAfter = await again.SignIn("dora", WorkbenchHosts.UserPassword);
        var listed = await admin.GetFromJsonAsync<List<UserView>>("/api/users");
        var enabled = await admin.PostAsync("/api/users/dora/enable", null);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, cookieAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tokenAfter.StatusCode);
        Assert.Contains("This account is disabled", await signInAfter.Content.ReadAsStringAsync());
        Assert.Equal(WorkbenchHosts.AdminName, Assert.Single(listed!, user => user.UserName == "dora").DisabledBy);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await again.SignIn("dora", WorkbenchHosts.UserPassword)).StatusCode);
    }

    [Fact]
    public async Task Admins_cannot_disable_themselves_or_someone_unknown()
    {
        using var admin = Hosts.CreateClient(WorkbenchHosts.AdminName);

        var self = await admin.PostAsync($"/api/users/{WorkbenchHosts.AdminName}/disable", null);
        var unknown = await admin.PostAsync("/api/users/nobody-at-all/disable", null);

        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("userName", await self.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Open_pages_recheck_their_session_as_requests_do()
    {
        await using var scope = Hosts.WebServices.CreateAsyncScope();

        Assert.IsType<RevalidatingSessions>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
    }

    private sealed class CountingHasher(IPasswordHasher<WorkbenchUser> hasher) : IPasswordHasher<WorkbenchUser>
    {
        public int Verified { get; private set; }

        public string HashPassword(WorkbenchUser user, string password) => hasher.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(WorkbenchUser user, string hashedPassword, string providedPassword)
        {
            Verified++;
            return hasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
