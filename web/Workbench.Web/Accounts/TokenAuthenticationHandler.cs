using System.Security.Claims;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Workbench.Web.Accounts;

/// <summary>Signs in API requests that carry "Authorization: Bearer wbt_…" as the token's owner.</summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessTokens tokens, IDocumentStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = await tokens.Verify(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("The access token is unknown or revoked.");
        await using var session = store.QuerySession();
        var user = await session.LoadAsync<WorkbenchUser>(token.UserId, Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("The access token's user no longer exists.");
        if (user.IsDisabled) return AuthenticateResult.Fail("The access token's user is disabled.");
        var principal = new ClaimsPrincipal(new ClaimsIdentity(WorkbenchAccounts.ClaimsOf(user), SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
