using Microsoft.AspNetCore.Identity;

namespace Workbench.Web.Accounts;

/// <summary>
/// Cross-site request forgery: a page elsewhere (another port of this host counts: it is the same site) can make a
/// signed-in browser send a form post or a no-cors fetch to the API with the sign-in cookie, but it cannot add a
/// custom header or a JSON content type without the browser asking this server first (a CORS preflight, which
/// this server never grants). So every state change under /api made with the cookie must carry
/// <see cref="Header"/> and, when it has a body, <c>Content-Type: application/json</c>. Calls with an access token
/// carry no credential a browser adds by itself and are left as they are.
/// </summary>
public static class RequestForgery
{
    public const string Header = "X-Requested-With";

    /// <summary>After authentication (it needs to know how the request signed in), before the endpoints.</summary>
    public static IApplicationBuilder UseRequestForgeryCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Refusal(context.Request) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static IResult? Refusal(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return null;
        if (!request.Path.StartsWithSegments("/api")) return null;
        if (request.HttpContext.User.Identity is not { IsAuthenticated: true } identity || identity.AuthenticationType != IdentityConstants.ApplicationScheme) return null;
        if (string.IsNullOrWhiteSpace(request.Headers[Header]))
            return Refused(Header, $"a change made with the sign-in cookie needs the header {Header} (any value); scripts should use an access token");
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody && !request.HasJsonContentType())
            return Refused("Content-Type", "a change made with the sign-in cookie sends its body as application/json");
        return null;
    }

    private static IResult Refused(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request may have been forged by another site.");
}
