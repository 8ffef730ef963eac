using Microsoft.Playwright;
using Workbench.Testing;

namespace Workbench.Browser.Tests;

/// <summary>
/// The real workbench (web on Kestrel, one worker, a fresh database) and Debian's Chromium driven by
/// Playwright. No Playwright browser download: the system browser is launched by path.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private IPlaywright playwright = null!;

    public WorkbenchHosts Hosts { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hosts = await WorkbenchHosts.Start(workers: 1);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a page on the workbench, signed in as the user (created if new).</summary>
    public async Task<IPage> NewPage(string userName = "Ada")
    {
        var page = await NewAnonymousPage();
        await Hosts.CreateUser(userName);
        await new WorkbenchPage(page).SignIn(userName, WorkbenchHosts.UserPassword);
        return page;
    }

    /// <summary>A fresh browser context that has not signed in.</summary>
    public async Task<IPage> NewAnonymousPage()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Hosts.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await Hosts.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
