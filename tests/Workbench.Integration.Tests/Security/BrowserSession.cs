using System.Net;
using System.Text.RegularExpressions;

namespace Workbench.Integration.Tests.Security;

/// <summary>
/// What the server sees of a browser: a cookie jar, and forms posted with the antiforgery token of the page they came
/// from (the sign-in page, the sign-out button). Redirects are not followed, so a test sees where they point.
/// </summary>
public sealed partial class BrowserSession : IDisposable
{
    public const string SessionCookie = ".AspNetCore.Identity.Application";

    private readonly Uri baseAddress;

    public BrowserSession(Uri baseAddress, string? sessionCookie = null)
    {
        this.baseAddress = baseAddress;
        if (sessionCookie is not null) Cookies.Add(baseAddress, new Cookie(SessionCookie, sessionCookie));
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; } = new();
    public HttpClient Http { get; }

    /// <summary>The session cookie's value, as someone who copied it would have it; null when not signed in.</summary>
    public string? Session => Cookies.GetCookies(baseAddress)[SessionCookie]?.Value;

    /// <summary>Fills in and posts the sign-in form: a redirect (302) when it worked, the form with its message when not.</summary>
    public async Task<HttpResponseMessage> SignIn(string userName, string password)
    {
        var page = await Http.GetStringAsync("/account/login");
        return await Http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>Clicks "Sign out" on the runs page.</summary>
    public async Task<HttpResponseMessage> SignOut()
    {
        var page = await Http.GetStringAsync("/");
        return await Http.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));
    }

    public void Dispose() => Http.Dispose();

    private static string AntiforgeryToken(string page) =>
        TokenInput().Match(page) is { Success: true } token ? WebUtility.HtmlDecode(token.Groups[1].Value)
            : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex(""""<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)"""")]
    private static partial Regex TokenInput();
}
