using Workbench.Testing;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_comes_back_to_the_page_asked_for()
    {
        await fixture.Hosts.CreateUser("katherine");
        var page = await fixture.NewAnonymousPage();

        await page.GotoAsync("/runs/new");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?ReturnUrl=%2Fruns%2Fnew"));
        await page.Locator("#login-name").FillAsync("katherine");
        await page.Locator("#login-password").FillAsync("wrong password");
        await page.Locator("#login-submit").ClickAsync();
        await Expect(page.Locator("#login-error")).ToHaveTextAsync("Wrong user name or password.");

        await page.Locator("#login-name").FillAsync("katherine");
        await page.Locator("#login-password").FillAsync(WorkbenchHosts.UserPassword);
        await page.Locator("#login-submit").ClickAsync();

        await Expect(page).ToHaveURLAsync(WorkbenchPage.NewRunAddress(), new() { Timeout = WorkbenchPage.Ms(WorkbenchPage.Patience) });
        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync("katherine");

        await page.Locator("#sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login$"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    [Fact]
    public async Task Members_are_kept_out_of_the_admin_pages_and_the_queue_dashboard()
    {
        var page = await fixture.NewPage("dorothy");

        await page.GotoAsync("/admin/users");
        await Expect(page.Locator("#access-denied")).ToBeVisibleAsync();
        var dashboard = await page.GotoAsync("/hangfire");
        Assert.Equal(403, dashboard!.Status);
    }

    [Fact]
    public async Task A_member_creates_a_token_on_the_profile_page_and_sees_it_once()
    {
        var page = await fixture.NewPage("edsger");
        var workbench = new WorkbenchPage(page);
        await workbench.Open();

        await page.Locator("#signed-in-user").ClickAsync();
        await page.Locator("#token-name").FillAsync("cli on my laptop");
        await page.Locator("#token-name").PressAsync("Tab");
        await page.Locator("#create-token").ClickAsync();

        await Expect(page.Locator("#new-token")).ToContainTextAsync("wbt_");
        await Expect(page.Locator("#tokens")).ToContainTextAsync("cli on my laptop");
        await page.ReloadAsync();
        await Expect(page.Locator("#tokens")).ToContainTextAsync("cli on my laptop");
        await Expect(page.Locator("#new-token")).ToHaveCountAsync(0);
    }
}
