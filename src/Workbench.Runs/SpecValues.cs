using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine;

namespace Workbench.Runs;

/// <summary>A spec's parameters as text, by their JSON names (kind first), for tables and diffs.</summary>
public static class SpecValues
{
    public static IReadOnlyDictionary<string, string?> Of(ExperimentSpec spec) =>
        JsonSerializer.SerializeToNode(spec, ExperimentJson.Options)!.AsObject()
            .ToDictionary(property => property.Key, property => Text(property.Value));

    private static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(),
    };
}
