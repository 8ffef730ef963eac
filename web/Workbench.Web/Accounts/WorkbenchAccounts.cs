using System.Security.Claims;
using System.Threading.RateLimiting;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

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
    /// <summary>Rate limits: sign-in attempts per client address, token changes per user (settings RateLimits:SignInPerMinute, RateLimits:TokensPerMinute).</summary>
    public const string SignInRateLimit = "sign-in";
    public const string TokensRateLimit = "tokens";

    public static WebApplicationBuilder AddWorkbenchAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<WorkbenchUser>().UniqueIndex(user => user.NormalizedUserName);
            options.Schema.For<AccessToken>().UniqueIndex(token => token.SecretHash).Index(token => token.UserId);
        });
        builder.Services.AddScoped<IUserStore<WorkbenchUser>, UserStore>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddIdentityCore<WorkbenchUser>(identity =>
            {
                identity.Password.RequiredLength = 10;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireDigit = false;
                // Ten wrong passwords in a row lock the account for five minutes.
                identity.Lockout.MaxFailedAccessAttempts = 10;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddUserValidator<UserNameLength>()
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
                cookie.Events.OnValidatePrincipal = Sessions.ValidateCookie;
            });
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingSessions>();
        builder.AddAccountRateLimits();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHostedService<FirstAdmin>();
        return builder;
    }

    private static void AddAccountRateLimits(this WebApplicationBuilder builder)
    {
        var signInPerMinute = builder.Configuration.GetValue("RateLimits:SignInPerMinute", 10);
        var tokensPerMinute = builder.Configuration.GetValue("RateLimits:TokensPerMinute", 10);
        builder.Services.AddRateLimiter(limits =>
        {
            limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limits.OnRejected = (rejected, _) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                return new ValueTask(TypedResults.Problem("Too many attempts; try again in a minute.", statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(rejected.HttpContext));
            };
            // Reading the sign-in page is free; each attempt (a form post) counts against the client's address.
            limits.AddPolicy(SignInRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => PerMinute(signInPerMinute))
                : RateLimitPartition.GetNoLimiter(""));
            limits.AddPolicy(TokensRateLimit, context => HttpMethods.IsGet(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(context.User.Identity?.Name ?? "", _ => PerMinute(tokensPerMinute)));
        });
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    /// <summary>Adds a team member; Identity checks the password rules and hashes it.</summary>
    public static Task<IdentityResult> CreateUser(UserManager<WorkbenchUser> users, string name, string password, bool admin, string createdBy) =>
        users.CreateAsync(new WorkbenchUser { UserName = name.Trim(), IsAdmin = admin, CreatedBy = createdBy }, password);

    /// <summary>
    /// A disabled account cannot sign in, its sessions end (the stamp changes) and its tokens are refused, until an
    /// admin enables it again.
    /// </summary>
    public static Task<IdentityResult> SetDisabled(UserManager<WorkbenchUser> users, WorkbenchUser user, bool disabled, string by)
    {
        user.DisabledAt = disabled ? DateTimeOffset.UtcNow : null;
        user.DisabledBy = disabled ? by : null;
        return Sessions.EndAll(users, user);
    }

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

    /// <summary>Identity checks a name's characters; a name is also short (a long one cannot be indexed, nor shown).</summary>
    private sealed class UserNameLength : IUserValidator<WorkbenchUser>
    {
        public Task<IdentityResult> ValidateAsync(UserManager<WorkbenchUser> manager, WorkbenchUser user) => Task.FromResult(
            user.UserName.Length <= WorkbenchUser.MaxUserNameLength
                ? IdentityResult.Success
                : IdentityResult.Failed(new IdentityError { Code = "UserNameTooLong", Description = $"A user name has at most {WorkbenchUser.MaxUserNameLength} characters." }));
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
