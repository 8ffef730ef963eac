using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Workbench.Web.Accounts;

/// <summary>
/// Who may use the workbench: ASP.NET Core Identity over Marten for people (cookie sign-in), and
/// personal access tokens for scripts. Everything but the sign-in pages requires one of the two.
/// </summary>
public static class WorkbenchAccounts
{
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";
    private const string CookieOrToken = "CookieOrToken";

    public static WebApplicationBuilder AddWorkbenchAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<WorkbenchUser>().UniqueIndex(user => user.NormalizedUserName);
            options.Schema.For<AccessToken>().UniqueIndex(token => token.SecretHash).Index(token => token.UserId);
        });
        builder.Services.AddScoped<IUserStore<WorkbenchUser>, UserStore>();
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddIdentityCore<WorkbenchUser>(identity =>
            {
                identity.Password.RequiredLength = 10;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireDigit = false;
                identity.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddSignInManager()
            .AddClaimsPrincipalFactory<UserClaims>();

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieOrToken;
                options.DefaultChallengeScheme = CookieOrToken;
            })
            .AddPolicyScheme(CookieOrToken, "Cookie or access token", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(IdentityConstants.ApplicationScheme, cookie =>
            {
                cookie.LoginPath = "/account/login";
                cookie.AccessDeniedPath = "/account/denied";
                cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
                cookie.SlidingExpiration = true;
                // Scripts get status codes, people get the sign-in page.
                cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHostedService<FirstAdmin>();
        return builder;
    }

    /// <summary>Adds a team member; Identity checks the password rules and hashes it.</summary>
    public static Task<IdentityResult> CreateUser(UserManager<WorkbenchUser> users, string name, string password, bool admin, string createdBy) =>
        users.CreateAsync(new WorkbenchUser { UserName = name.Trim(), IsAdmin = admin, CreatedBy = createdBy }, password);

    public static IEnumerable<Claim> ClaimsOf(WorkbenchUser user)
    {
        yield return new Claim(ClaimTypes.NameIdentifier, user.Id);
        yield return new Claim(ClaimTypes.Name, user.UserName);
        if (user.IsAdmin) yield return new Claim(ClaimTypes.Role, AdminRole);
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hangfire"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Adds the admin role to the cookie's principal.</summary>
    private sealed class UserClaims(UserManager<WorkbenchUser> users, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
        : UserClaimsPrincipalFactory<WorkbenchUser>(users, options)
    {
        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(WorkbenchUser user)
        {
            var identity = await base.GenerateClaimsAsync(user);
            if (user.IsAdmin) identity.AddClaim(new Claim(ClaimTypes.Role, AdminRole));
            return identity;
        }
    }
}
