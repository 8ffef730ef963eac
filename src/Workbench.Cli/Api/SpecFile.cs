using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbench.Engine;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Cli.Api;

/// <summary>
/// A spec file as the JSON the API takes: a .json file as it is (the server names the field of every
/// problem), a .yaml or .yml file converted node by node. Plain YAML scalars are typed by the YAML 1.2 core
/// schema (<c>300</c> is a number, <c>true</c> a boolean, <c>~</c> null); quoted ones stay strings.
/// </summary>
public static partial class SpecFile
{
    public static async Task<string> ReadAsJson(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists) throw new WorkbenchRefused($"no such file: {file.FullName}", ExitCodes.Refused);
        var text = await File.ReadAllTextAsync(file.FullName, cancellationToken);
        return file.Extension.ToLowerInvariant() is ".yaml" or ".yml" ? YamlToJson(text, file.Name) : text;
    }

    /// <summary>The spec in a JSON or YAML file, read and checked here exactly as the API reads it.</summary>
    public static SpecReading Read(FileInfo file)
    {
        try
        {
            var text = File.ReadAllText(file.FullName);
            return ExperimentJson.ReadSpec(file.Extension.ToLowerInvariant() is ".yaml" or ".yml" ? YamlToJson(text, file.Name) : text);
        }
        catch (WorkbenchRefused refused)
        {
            return SpecReading.Refused("spec", refused.Message);
        }
    }

    /// <param name="source">the file's name, for messages</param>
    public static string YamlToJson(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            throw new WorkbenchRefused($"{source} line {exception.Start.Line}, column {exception.Start.Column}: {exception.InnerException?.Message ?? exception.Message}", ExitCodes.Refused);
        }
        if (stream.Documents.Count != 1) throw new WorkbenchRefused($"{source} must hold one spec, not {stream.Documents.Count} YAML documents", ExitCodes.Refused);
        var json = ToJson(stream.Documents[0].RootNode);
        return json?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((pair.Key as YamlScalarNode)?.Value) ?? throw NotAName(pair.Key), ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => ToJson(scalar),
        _ => throw new WorkbenchRefused($"line {node.Start.Line}: unsupported YAML node {node.NodeType}", ExitCodes.Refused),
    };

    private static JsonNode? ToJson(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(value);
        if (value is "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (Float().IsMatch(value)) return JsonValue.Create(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
        return JsonValue.Create(value);
    }

    private static WorkbenchRefused NotAName(YamlNode key) =>
        new($"line {key.Start.Line}: a mapping key must be a plain name", ExitCodes.Refused);

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
