using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Engine;

/// <summary>
/// The one JSON shape of specs and results, shared by spec files, the HTTP API and the event store:
/// camelCase names, enums as strings, a "kind" discriminator on <see cref="ExperimentSpec"/>.
/// </summary>
public static class ExperimentJson
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    /// <summary>Brings other options (ASP.NET's, Marten's) to the same shape.</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        // Hand-written spec files need not put "kind" first.
        options.AllowOutOfOrderMetadataProperties = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }

    /// <summary>The "kind" discriminator a spec is written with, e.g. "creativity".</summary>
    public static string KindOf(ExperimentSpec spec) =>
        (string)DerivedTypes.Single(derived => derived.DerivedType == spec.GetType()).TypeDiscriminator!;

    /// <summary>Every experiment kind a spec may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. DerivedTypes.Select(derived => (string)derived.TypeDiscriminator!)];

    private static IEnumerable<JsonDerivedTypeAttribute> DerivedTypes =>
        typeof(ExperimentSpec).GetCustomAttributes<JsonDerivedTypeAttribute>();
}
