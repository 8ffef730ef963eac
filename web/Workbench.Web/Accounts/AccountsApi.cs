using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Workbench.Web.Accounts;

/// <summary>/api/tokens (your own tokens), /api/users (admins), and signing out.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var tokens = routes.MapGroup("/api/tokens").WithTags("Accounts");
        tokens.MapGet("/", ListTokens);
        tokens.MapPost("/", CreateToken);
        tokens.MapDelete("/{id:guid}", RevokeToken);

        var users = routes.MapGroup("/api/users").WithTags("Accounts").RequireAuthorization(WorkbenchAccounts.AdminPolicy);
        users.MapGet("/", ListUsers);
        users.MapPost("/", CreateUser);

        routes.MapGet("/api/me", (ClaimsPrincipal user) => new Me(user.Identity!.Name!, user.IsInRole(WorkbenchAccounts.AdminRole)));
        routes.MapPost("/account/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            return TypedResults.LocalRedirect("/account/login");
        });
        return routes;
    }

    private static async Task<Ok<List<TokenView>>> ListTokens(ClaimsPrincipal user, AccessTokens tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok((await tokens.Of(UserId(user), cancellationToken)).Select(TokenView.Of).ToList());

    private static async Task<Results<Created<CreatedToken>, ValidationProblem>> CreateToken(
        NewToken request, ClaimsPrincipal user, AccessTokens tokens, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["a token needs a name of 1 to 100 characters"] });
        var created = await tokens.Create(UserId(user), request.Name, cancellationToken);
        return TypedResults.Created($"/api/tokens/{created.Token.Id}", new CreatedToken(created.Token.Id, created.Token.Name, created.Secret));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeToken(Guid id, ClaimsPrincipal user, AccessTokens tokens, CancellationToken cancellationToken) =>
        await tokens.Revoke(UserId(user), id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Ok<List<UserView>>> ListUsers(IQuerySession session, CancellationToken cancellationToken) =>
        TypedResults.Ok((await session.Query<WorkbenchUser>().OrderBy(u => u.UserName).ToListAsync(cancellationToken))
            .Select(u => new UserView(u.UserName, u.IsAdmin, u.CreatedAt, u.CreatedBy)).ToList());

    private static async Task<Results<Created<UserView>, ValidationProblem>> CreateUser(
        NewUser request, ClaimsPrincipal admin, UserManager<WorkbenchUser> users)
    {
        if (string.IsNullOrWhiteSpace(request.UserName))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = ["a user name is required"] });
        var result = await WorkbenchAccounts.CreateUser(users, request.UserName, request.Password ?? "", request.Admin, admin.Identity!.Name!);
        if (!result.Succeeded)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["user"] = [.. result.Errors.Select(e => e.Description)] });
        return TypedResults.Created($"/api/users", new UserView(request.UserName.Trim(), request.Admin, DateTimeOffset.UtcNow, admin.Identity!.Name!));
    }

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;
}

public sealed record Me(string UserName, bool IsAdmin);
public sealed record NewToken(string Name);
public sealed record CreatedToken(Guid Id, string Name, string Token);
public sealed record TokenView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenView Of(AccessToken token) => new(token.Id, token.Name, token.CreatedAt, token.LastUsedAt, token.RevokedAt);
}
public sealed record NewUser(string UserName, string? Password, bool Admin);
public sealed record UserView(string UserName, bool IsAdmin, DateTimeOffset CreatedAt, string CreatedBy);
