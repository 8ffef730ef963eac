using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Executing;

namespace Workbench.Web.Runs;

/// <summary>
/// Reads an experiment spec from a request body as <see cref="ExperimentJson.ReadSpec(JsonNode?)"/> does (every error
/// naming its field), refuses text PostgreSQL cannot store, and refuses at once a spec whose inputs can never be loaded
/// (e.g. a checkpoint of a run that does not exist), rather than letting the worker find out.
/// </summary>
public static class SpecParser
{
    public static async Task<SpecReading> Parse(Stream json, ExperimentInputs inputs, CancellationToken cancellationToken)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(json, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            return SpecReading.Refused("spec", $"is not valid JSON ({exception.Message.Split(" Path:")[0]})");
        }
        return await Check(ExperimentJson.ReadSpec(node), inputs, cancellationToken);
    }

    /// <summary>A valid reading, with its unstorable text and its inputs' problems if any.</summary>
    public static async Task<SpecReading> Check(SpecReading reading, ExperimentInputs inputs, CancellationToken cancellationToken)
    {
        if (!reading.IsValid) return reading;
        var unstorable = TextInput.UnstorableIn(JsonSerializer.SerializeToElement(reading.Spec, ExperimentJson.Options))
            .Select(text => new SpecError(text.Path, text.Problem)).ToList();
        if (unstorable.Count > 0) return reading with { Errors = unstorable };
        var problems = await inputs.Problems(reading.Spec!, cancellationToken);
        return problems.Count == 0 ? reading : reading with { Errors = problems };
    }
}
