using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Engine;

/// <summary>
/// What a person (or a script) needs to write a spec of a kind: every parameter with its group, description, range,
/// default and when it applies, and the metrics the kind reports. <c>GET /api/kinds</c> and <c>workbench kinds</c> print it.
/// </summary>
public sealed record KindDescription(
    string Name, string Title, string Description, IReadOnlyList<ParameterDescription> Parameters,
    IReadOnlyList<MetricDefinition> Metrics, IReadOnlyList<CurveDefinition> Curves, IReadOnlyList<ExampleLabel> ExampleLabels)
{
    public static KindDescription Of(ExperimentKind kind)
    {
        var defaults = JsonSerializer.SerializeToNode(kind.Defaults, ExperimentJson.Options)!.AsObject();
        return new KindDescription(kind.Name, kind.Title, kind.Description,
            [.. kind.Parameters.Select(parameter => new ParameterDescription(
                parameter.Name, parameter.Label, parameter.Group, parameter.Description, TypeName(parameter), parameter.Choices,
                parameter.RangeText(), parameter.ConditionText, parameter.Optional, defaults[parameter.Name]?.DeepClone()))],
            kind.Metrics, kind.Curves, kind.ExampleLabels);
    }

    private static string TypeName(SpecParameter parameter)
    {
        var type = parameter.ItemType ?? parameter.Type;
        var name = type.IsEnum ? "choice" : type == typeof(int) || type == typeof(long) ? "integer" : type == typeof(double) ? "number"
            : type == typeof(bool) ? "boolean" : type == typeof(Guid) ? "run id" : "text";
        return parameter.IsList ? $"list of {name}" : name;
    }
}

/// <param name="Range">e.g. "2 to 50", "2 to words"; null when any value of the type is allowed</param>
/// <param name="AppliesWhen">e.g. "when task is circle construction or line construction"; null when it always applies</param>
/// <param name="Default">the value a spec that leaves it out takes, as JSON</param>
public sealed record ParameterDescription(
    string Name, string Label, ParameterGroup Group, string Description, string Type, IReadOnlyList<string>? Choices,
    string? Range, string? AppliesWhen, bool Optional, JsonNode? Default);
