using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Workbench.Web.Accounts;

/// <summary>/api/tokens (your own tokens), /api/users (admins), and signing out (which ends every session of the user).</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var tokens = routes.MapGroup("/api/tokens").WithTags("Accounts").RequireRateLimiting(WorkbenchAccounts.TokensRateLimit);
        tokens.MapGet("/", ListTokens);
        tokens.MapPost("/", CreateToken);
        tokens.MapDelete("/{id:guid}", RevokeToken);

        var users = routes.MapGroup("/api/users").WithTags("Accounts").RequireAuthorization(WorkbenchAccounts.AdminPolicy);
        users.MapGet("/", ListUsers);
        users.MapPost("/", CreateUser);
        users.MapPost("/{userName}/disable", (string userName, ClaimsPrincipal admin, UserManager<WorkbenchUser> accounts) => SetDisabled(userName, true, admin, accounts));
        users.MapPost("/{userName}/enable", (string userName, ClaimsPrincipal admin, UserManager<WorkbenchUser> accounts) => SetDisabled(userName, false, admin, accounts));

        routes.MapGet("/api/me", (ClaimsPrincipal user) => new Me(user.Identity!.Name!, user.IsInRole(WorkbenchAccounts.AdminRole)));
        routes.MapPost("/account/logout", SignOut);
        return routes;
    }

    /// <summary>The sign-out form (with its antiforgery token): a new security stamp ends this session and every copy of its cookie.</summary>
    private static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery, UserManager<WorkbenchUser> users)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return TypedResults.Problem("Sign out with the button on a workbench page.", statusCode: StatusCodes.Status400BadRequest);
        if (await users.GetUserAsync(context.User) is { } user) await Sessions.EndAll(users, user);
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return TypedResults.LocalRedirect("/account/login");
    }

    private static async Task<Ok<List<TokenView>>> ListTokens(ClaimsPrincipal user, AccessTokens tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok((await tokens.Of(UserId(user), cancellationToken)).Select(TokenView.Of).ToList());

    private static async Task<Results<Created<CreatedToken>, ValidationProblem>> CreateToken(
        NewToken request, ClaimsPrincipal user, AccessTokens tokens, CancellationToken cancellationToken)
    {
        if (AccessTokens.NameError(request.Name) is { } error) return Invalid("name", error);
        var created = await tokens.Create(UserId(user), request.Name!, cancellationToken);
        return TypedResults.Created($"/api/tokens/{created.Token.Id}", new CreatedToken(created.Token.Id, created.Token.Name, created.Secret));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeToken(Guid id, ClaimsPrincipal user, AccessTokens tokens, CancellationToken cancellationToken) =>
        await tokens.Revoke(UserId(user), id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Ok<List<UserView>>> ListUsers(IQuerySession session, CancellationToken cancellationToken) =>
        TypedResults.Ok((await session.Query<WorkbenchUser>().OrderBy(u => u.UserName).ToListAsync(cancellationToken))
            .Select(UserView.Of).ToList());

    private static async Task<Results<Created<UserView>, ValidationProblem>> CreateUser(
        NewUser request, ClaimsPrincipal admin, UserManager<WorkbenchUser> users)
    {
        if (string.IsNullOrWhiteSpace(request.UserName)) return Invalid("userName", "a user name is required");
        if (request.UserName.Trim().Length > WorkbenchUser.MaxUserNameLength)
            return Invalid("userName", $"is {request.UserName.Length} characters long; at most {WorkbenchUser.MaxUserNameLength}");
        var result = await WorkbenchAccounts.CreateUser(users, request.UserName, request.Password ?? "", request.Admin, admin.Identity!.Name!);
        if (!result.Succeeded)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["user"] = [.. result.Errors.Select(e => e.Description)] });
        return TypedResults.Created($"/api/users", UserView.Of((await users.FindByNameAsync(request.UserName.Trim()))!));
    }

    private static async Task<Results<Ok<UserView>, NotFound, ValidationProblem>> SetDisabled(
        string userName, bool disabled, ClaimsPrincipal admin, UserManager<WorkbenchUser> users)
    {
        if (await users.FindByNameAsync(userName) is not { } user) return TypedResults.NotFound();
        if (disabled && user.Id == UserId(admin)) return Invalid("userName", "admins cannot disable themselves");
        await WorkbenchAccounts.SetDisabled(users, user, disabled, admin.Identity!.Name!);
        return TypedResults.Ok(UserView.Of(user));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;
}

public sealed record Me(string UserName, bool IsAdmin);
public sealed record NewToken(string? Name);
public sealed record CreatedToken(Guid Id, string Name, string Token);
public sealed record TokenView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenView Of(AccessToken token) => new(token.Id, token.Name, token.CreatedAt, token.LastUsedAt, token.RevokedAt);
}
public sealed record NewUser(string UserName, string? Password, bool Admin);
/// <param name="DisabledAt">when an admin disabled the account, or null while it may sign in</param>
public sealed record UserView(string UserName, bool IsAdmin, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? DisabledAt = null, string? DisabledBy = null)
{
    public static UserView Of(WorkbenchUser user) => new(user.UserName, user.IsAdmin, user.CreatedAt, user.CreatedBy, user.DisabledAt, user.DisabledBy);
}
