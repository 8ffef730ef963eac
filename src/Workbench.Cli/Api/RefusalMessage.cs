using System.Net;
using System.Text;
using System.Text.Json;

namespace Workbench.Cli.Api;

/// <summary>Turns an error answer (problem details, or anything else) into lines a person reads.</summary>
public static class RefusalMessage
{
    private const int ShownBodyLength = 500;

    /// <example>
    /// the workbench refused the request (400 Bad Request):
    ///   trainingSteps: must be at least 1
    /// </example>
    public static string Of(HttpStatusCode status, string body)
    {
        var text = new StringBuilder($"the workbench refused the request ({(int)status} {Reason(status)})");
        if (!TryReadProblem(body, out var problem))
        {
            if (!string.IsNullOrWhiteSpace(body)) text.Append(": ").Append(body.Length > ShownBodyLength ? body[..ShownBodyLength] + "…" : body.Trim());
            return text.ToString();
        }
        var errors = problem.TryGetProperty("errors", out var found) && found.ValueKind == JsonValueKind.Object ? found : (JsonElement?)null;
        // A validation problem's title ("One or more validation errors occurred.") says less than its errors.
        var summary = Text(problem, "detail") ?? (errors is null ? Text(problem, "title") : null);
        text.Append(':');
        if (summary is not null) text.Append(' ').Append(summary);
        foreach (var field in errors?.EnumerateObject() ?? default)
        {
            var messages = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(message => message.ToString()) : [field.Value.ToString()];
            foreach (var message in messages) text.Append($"\n  {field.Name}: {message}");
        }
        return text.ToString();
    }

    private static bool TryReadProblem(string body, out JsonElement problem)
    {
        problem = default;
        try { problem = JsonDocument.Parse(body).RootElement; }
        catch (JsonException) { return false; }
        return problem.ValueKind == JsonValueKind.Object;
    }

    private static string? Text(JsonElement problem, string property) =>
        problem.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>"Bad Request" for BadRequest.</summary>
    private static string Reason(HttpStatusCode status) =>
        string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString()));
}
