using System.Text.Json;
using Workbench.Engine;

namespace Workbench.Runs.Grouping;

/// <summary>Axes as people type them: one per line, "parameter: v1, v2, v3".</summary>
public static class SweepAxes
{
    /// <summary>
    /// Each value is read as JSON when it is JSON (numbers, true, false, "quoted text") and as text otherwise,
    /// so "objective: nextToken, diffusion" and "temperature: 0, 0.5, 1" both mean what they say.
    /// </summary>
    public static (IReadOnlyList<GroupAxis> Axes, IReadOnlyList<SpecError> Errors) Parse(string? text)
    {
        var axes = new List<GroupAxis>();
        var errors = new List<SpecError>();
        var lines = (text ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            var parameter = colon > 0 ? line[..colon].Trim() : "";
            var values = colon > 0 ? line[(colon + 1)..].Split(',').Select(value => value.Trim()).ToList() : [];
            if (parameter.Length == 0 || parameter.Contains(' ') || values.Count == 0 || values.Any(value => value.Length == 0))
            {
                errors.Add(new SpecError("axes", $"line {i + 1}: \"{line}\" should read \"parameter: value, value, ...\""));
                continue;
            }
            axes.Add(new GroupAxis(parameter, [.. values.Select(Value)]));
        }
        return (axes, errors);
    }

    /// <summary>The axes back as text, one line each, as <see cref="Parse"/> reads them.</summary>
    public static string Format(IEnumerable<GroupAxis> axes) =>
        string.Join("\n", axes.Select(axis => $"{axis.Parameter}: {string.Join(", ", axis.Values.Select(AxisValues.Text))}"));

    private static JsonElement Value(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
