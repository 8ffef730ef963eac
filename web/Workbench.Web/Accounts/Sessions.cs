using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;

namespace Workbench.Web.Accounts;

/// <summary>
/// A browser's session lasts while its cookie carries the user's current security stamp and the account is enabled.
/// Signing out and disabling the account change the stamp, which ends every session of that user at once, copies of
/// the cookie included. Checked on every request that brings the cookie (one document load).
/// </summary>
public static class Sessions
{
    public static async Task ValidateCookie(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<WorkbenchUser>>();
        if (await IsCurrent(users, context.Principal)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    public static async Task<bool> IsCurrent(UserManager<WorkbenchUser> users, ClaimsPrincipal? principal)
    {
        if (principal is null || await users.GetUserAsync(principal) is not { IsDisabled: false } user) return false;
        return principal.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType) == user.SecurityStamp;
    }

    /// <summary>Ends every session of the user: the cookies they hold no longer match.</summary>
    public static Task<IdentityResult> EndAll(UserManager<WorkbenchUser> users, WorkbenchUser user) => users.UpdateSecurityStampAsync(user);
}

/// <summary>The same check for open pages: a Blazor circuit outlives the request that brought the cookie.</summary>
public sealed class RevalidatingSessions(ILoggerFactory loggers, IServiceScopeFactory scopes) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Sessions.IsCurrent(scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>(), authenticationState.User);
    }
}
