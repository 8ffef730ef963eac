using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Workbench.Web;

/// <summary>
/// A request the framework could not read: a parameter that does not bind (<c>page=abc</c>, <c>clonedFrom=abc</c>,
/// <c>{"tag": 5}</c>), a missing body, a body over the size limit (413), a body that is not JSON where JSON is expected
/// (415). Answered as problem details naming the parameter, like every other refusal, not as a bare status code.
/// </summary>
public sealed partial class RequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException refused) return false;
        var (field, message) = Explain(refused);
        context.Response.StatusCode = refused.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = refused.StatusCode,
                Title = refused.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request is too large." : "The request could not be read.",
            },
        });
    }

    private static (string Field, string Message) Explain(BadHttpRequestException refused)
    {
        if (refused.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("body", refused.Message);
        if (refused.StatusCode == StatusCodes.Status415UnsupportedMediaType) return ("Content-Type", refused.Message);
        if (refused.InnerException is JsonException { Path: { Length: > 1 } path } json)
            return (path.TrimStart('$', '.'), json.Message.Split(" Path:")[0]);
        if (NotBound().Match(refused.Message) is { Success: true } notBound)
            return (notBound.Groups["name"].Value, $"\"{notBound.Groups["value"].Value}\" is not {Expected(notBound.Groups["type"].Value)}");
        if (Missing().Match(refused.Message) is { Success: true } missing) return (missing.Groups["name"].Value, "is required");
        if (NoBody().Match(refused.Message) is { Success: true } noBody) return (noBody.Groups["name"].Value, "a JSON body is required");
        if (NotRead().Match(refused.Message) is { Success: true } notRead)
            return (notRead.Groups["name"].Value, refused.InnerException?.Message.Split(" Path:")[0] ?? refused.Message);
        return ("request", refused.Message);
    }

    private static string Expected(string type) => type.Replace("Nullable<", "").TrimEnd('>', '?') switch
    {
        "Guid" => "an id (a GUID, e.g. 01a21329-86fc-722a-88e9-6c6ef10836e3)",
        "int" or "Int32" or "long" or "Int64" => "a whole number",
        "double" or "Double" => "a number",
        "bool" or "Boolean" => "true or false",
        var other => $"a valid {other}",
    };

    // The framework's own messages (RequestDelegateFactory), e.g. Failed to bind parameter "Nullable<Guid> clonedFrom" from "abc".
    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex NotBound();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>\w+)" was not provided""")]
    private static partial Regex Missing();

    [GeneratedRegex("""^Implicit body inferred for parameter "(?<name>\w+)" but no body was provided""")]
    private static partial Regex NoBody();

    [GeneratedRegex("""^Failed to read parameter "(?<type>.+) (?<name>\w+)" from the request body""")]
    private static partial Regex NotRead();
}
