using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Cli.Api;

/// <summary>
/// The body of POST /api/groups/sweeps, from a spec file, a grid file and <c>--axis</c> options. What only the
/// command line can get wrong (an <c>--axis</c> that is not <c>name=v1,v2</c>, a parameter given twice) is refused
/// here naming the option; everything else (unknown parameters, values out of range, the grid's size) the
/// workbench checks and names, before it submits anything.
/// </summary>
public static class SweepRequest
{
    /// <param name="spec">the spec file as JSON (<see cref="SpecFile.ReadAsJson"/>)</param>
    /// <param name="grid">a grid file as JSON: each parameter and its list of values; or null</param>
    /// <param name="axes">each <c>--axis name=v1,v2</c> as given</param>
    /// <param name="name">the group's name; by default the axes' names, e.g. "objective × seed"</param>
    public static string Json(string spec, string specSource, string? grid, string gridSource, IReadOnlyList<string> axes, string? name)
    {
        var byParameter = new JsonObject();
        if (grid is not null)
        {
            if (Parse(grid, gridSource) is not JsonObject fromFile)
                throw new WorkbenchRefused($"{gridSource} must give each parameter its values, e.g. temperature: [0.5, 1]", ExitCodes.Refused);
            foreach (var (parameter, values) in fromFile) Add(byParameter, parameter, values?.DeepClone(), gridSource);
        }
        foreach (var axis in axes)
        {
            var equals = axis.IndexOf('=');
            var (parameter, values) = equals > 0 ? (axis[..equals].Trim(), axis[(equals + 1)..].Split(',').Select(value => value.Trim()).ToList()) : ("", []);
            if (parameter.Length == 0 || parameter.Contains(' ') || values.Count == 0 || values.Any(value => value.Length == 0))
                throw new WorkbenchRefused($"--axis \"{axis}\" should read name=value,value,… e.g. temperature=0.5,1", ExitCodes.Refused);
            Add(byParameter, parameter, new JsonArray([.. values.Select(Value)]), "--axis");
        }
        if (byParameter.Count == 0) throw new WorkbenchRefused("--axis: give at least one, e.g. --axis seed=1,2,3 (or a --grid file)", ExitCodes.Refused);
        var body = new JsonObject
        {
            ["name"] = string.IsNullOrWhiteSpace(name) ? string.Join(" × ", byParameter.Select(axis => axis.Key)) : name.Trim(),
            ["spec"] = Parse(spec, specSource),
            ["axes"] = byParameter,
        };
        return body.ToJsonString();
    }

    private static void Add(JsonObject axes, string parameter, JsonNode? values, string source)
    {
        if (axes.ContainsKey(parameter)) throw new WorkbenchRefused($"{source}: {parameter} is given twice", ExitCodes.Refused);
        axes[parameter] = values;
    }

    /// <summary>A value is read as JSON when it is JSON (numbers, true, false, "quoted text") and as text otherwise, as the web's sweep form reads it.</summary>
    private static JsonNode? Value(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    private static JsonNode? Parse(string json, string source)
    {
        try { return JsonNode.Parse(json); }
        catch (JsonException exception) { throw new WorkbenchRefused($"{source} is not JSON: {exception.Message.Split(" Path:")[0]}", ExitCodes.Refused); }
    }
}
