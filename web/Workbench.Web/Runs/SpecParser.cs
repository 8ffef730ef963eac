using System.Text.Json;
using Workbench.Engine;
using Workbench.Runs;

namespace Workbench.Web.Runs;

/// <summary>Reads an experiment spec from JSON and checks it, naming the field of every problem.</summary>
public static class SpecParser
{
    public sealed record Result(ExperimentSpec? Spec, IReadOnlyList<SpecError> Errors)
    {
        public Dictionary<string, string[]> ErrorsByField() => Errors
            .GroupBy(error => error.Field)
            .ToDictionary(group => group.Key, group => group.Select(error => error.Message).ToArray());
    }

    public static async Task<Result> Parse(Stream json, CancellationToken cancellationToken)
    {
        ExperimentSpec? spec;
        try
        {
            spec = await JsonSerializer.DeserializeAsync<ExperimentSpec>(json, ExperimentJson.Options, cancellationToken);
        }
        catch (JsonException exception)
        {
            return new Result(null, [Explain(exception)]);
        }
        catch (NotSupportedException exception)
        {
            return new Result(null, [new SpecError("kind", exception.Message)]);
        }
        if (spec is null) return new Result(null, [new SpecError("spec", "A JSON experiment spec is required.")]);
        var unstorable = TextInput.UnstorableIn(JsonSerializer.SerializeToElement(spec, ExperimentJson.Options))
            .Select(text => new SpecError(text.Path, text.Problem));
        return new Result(spec, [.. spec.Validate(), .. unstorable]);
    }

    private static SpecError Explain(JsonException exception)
    {
        if (exception.Message.Contains("discriminator", StringComparison.OrdinalIgnoreCase))
            return new SpecError("kind", $"\"kind\" must name a known experiment kind: {string.Join(", ", ExperimentJson.Kinds.Select(k => $"\"{k}\""))}.");
        var field = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "spec" : exception.Path.TrimStart('$', '.');
        return new SpecError(field, exception.Message.Split(" Path:")[0]);
    }
}
