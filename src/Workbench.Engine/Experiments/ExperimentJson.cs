using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Workbench.Engine;

/// <summary>
/// The one JSON shape of specs and results, shared by spec files, the HTTP API and the event store: camelCase
/// names, enums as strings (never numbers), a "kind" discriminator on <see cref="ExperimentSpec"/> whose values come
/// from <see cref="ExperimentKinds"/>.
/// </summary>
public static class ExperimentJson
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    /// <summary>Reads what the event store holds, also as earlier versions wrote it (<see cref="ApplyForStoredData"/>), e.g. an exported archive.</summary>
    public static JsonSerializerOptions StoredDataOptions { get; } = ApplyForStoredData(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    /// <summary>Brings other options (ASP.NET's) to the same shape.</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        // Hand-written spec files need not put "kind" first.
        options.AllowOutOfOrderMetadataProperties = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(KindsAsDiscriminators);
        return options;
    }

    /// <summary>
    /// The event store's options: <see cref="Apply"/>, and also reading what earlier versions wrote (lists that were
    /// one text field, run ids that were text, parameters whose meaning a kind has since moved: <see cref="ExperimentKind.UpgradeStoredSpec"/>),
    /// so old streams and documents load as today's specs.
    /// </summary>
    public static JsonSerializerOptions ApplyForStoredData(JsonSerializerOptions options)
    {
        Apply(options);
        options.Converters.Insert(0, new StoredSpecConverter());
        options.Converters.Insert(0, new LegacyListConverter<double>());
        options.Converters.Insert(0, new LegacyListConverter<string>());
        options.Converters.Insert(0, new LegacyRunIdConverter());
        return options;
    }

    /// <summary>The "kind" discriminator a spec is written with, e.g. "creativity".</summary>
    public static string KindOf(ExperimentSpec spec) => ExperimentKinds.Of(spec).Name;

    private static void KindsAsDiscriminators(JsonTypeInfo info)
    {
        // Not when a converter reads specs (the stored data's, which reads them with these options without itself).
        if (info.Type != typeof(ExperimentSpec) || info.Kind != JsonTypeInfoKind.Object) return;
        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "kind",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var kind in ExperimentKinds.All) info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(kind.SpecType, kind.Name));
    }

    /// <summary>
    /// Reads a spec as a person wrote it (API body, spec file, form), refusing what would otherwise be dropped or
    /// guessed: an unknown kind, an unknown parameter (with the closest known one suggested), a value of the wrong
    /// type; then checks it (<see cref="ExperimentSpec.Validate"/>). Every error names its field.
    /// </summary>
    public static SpecReading ReadSpec(JsonNode? json)
    {
        if (json is not JsonObject fields) return SpecReading.Refused("spec", "must be a JSON object, e.g. {\"kind\": \"creativity\"}");
        var kindName = fields.FirstOrDefault(field => field.Key.Equals("kind", StringComparison.OrdinalIgnoreCase)).Value;
        var known = string.Join(", ", ExperimentKinds.All.Select(kind => kind.Name));
        if (kindName is not JsonValue value || !value.TryGetValue<string>(out var name))
            return SpecReading.Refused("kind", $"is required: one of {known}");
        var kind = ExperimentKinds.Find(name);
        if (kind is null) return SpecReading.Refused("kind", $"\"{name}\" is not an experiment kind; one of {known}");

        var errors = new List<SpecError>();
        foreach (var field in fields.Select(field => field.Key).Where(key => !key.Equals("kind", StringComparison.OrdinalIgnoreCase)))
            if (SpecParameters.Find(kind.SpecType, field) is null)
                errors.Add(new SpecError(field, $"is not a parameter of {kind.Name}" + Suggestion(field, kind)));
        if (errors.Count > 0) return new SpecReading(null, errors);

        ExperimentSpec spec;
        try
        {
            var canonical = new JsonObject { ["kind"] = kind.Name };
            foreach (var (key, field) in fields.Where(field => !field.Key.Equals("kind", StringComparison.OrdinalIgnoreCase)))
                canonical[key] = field?.DeepClone();
            spec = canonical.Deserialize<ExperimentSpec>(Options)!;
        }
        catch (JsonException exception)
        {
            return SpecReading.Refused(FieldOf(exception), TypeProblem(kind, FieldOf(exception)));
        }
        return new SpecReading(spec, spec.Validate());
    }

    /// <summary><see cref="ReadSpec(JsonNode?)"/> from text; unreadable JSON is refused with where it broke.</summary>
    public static SpecReading ReadSpec(string json)
    {
        try
        {
            return ReadSpec(JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
        }
        catch (JsonException exception)
        {
            return SpecReading.Refused("spec", $"is not valid JSON ({exception.Message.Split(" Path:")[0]})");
        }
    }

    private static string FieldOf(JsonException exception) =>
        string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "spec" : exception.Path.TrimStart('$', '.').Split('[', '.')[0];

    /// <summary>"must be a number", "must be one of: …", "must be a list of numbers" — from the parameter's type.</summary>
    private static string TypeProblem(ExperimentKind kind, string field)
    {
        var parameter = SpecParameters.Find(kind.SpecType, field);
        if (parameter is null) return "cannot be read";
        var type = parameter.ItemType ?? parameter.Type;
        var what = parameter.Choices is { } choices ? "one of: " + string.Join(", ", choices)
            : type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(double) ? "a number"
            : type == typeof(bool) ? "true or false"
            : type == typeof(Guid) ? "a run id (a GUID)"
            : "text";
        return parameter.IsList ? $"must be a list of values, each {what}, e.g. [{Example(type)}]" : $"must be {what}";
    }

    private static string Example(Type type) => type == typeof(double) ? "0.5, 1" : type == typeof(string) ? "\"a\", \"b\"" : "1, 2";

    /// <summary>", did you mean \"trainingSteps\"?" for the known parameter closest in spelling, if any is close.</summary>
    private static string Suggestion(string field, ExperimentKind kind)
    {
        var best = kind.Parameters.Select(parameter => (parameter.Name, Distance: Distance(field.ToLowerInvariant(), parameter.Name.ToLowerInvariant())))
            .OrderBy(candidate => candidate.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, field.Length / 3) ? $"; did you mean \"{best.Name}\"?" : "";
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static readonly Dictionary<(JsonSerializerOptions, Type), JsonSerializerOptions> withoutConverter = [];

    /// <summary>The options minus one converter (cached per options and converter type): how a converter that wraps a type
    /// reads and writes it the ordinary way, without calling itself again.</summary>
    private static JsonSerializerOptions WithoutConverter(JsonSerializerOptions options, JsonConverter converter)
    {
        lock (withoutConverter)
        {
            var key = (options, converter.GetType());
            if (!withoutConverter.TryGetValue(key, out var without))
            {
                without = new JsonSerializerOptions(options);
                without.Converters.Remove(without.Converters.First(other => other.GetType() == key.Item2));
                withoutConverter[key] = without;
            }
            return without;
        }
    }

    /// <summary>
    /// A list that earlier versions stored as one text field: numbers separated by spaces, commas, semicolons or lines
    /// ("0.5 0.75 1"), or text one item per line (blank lines dropped, each trimmed), as those versions parsed them.
    /// </summary>
    private sealed class LegacyListConverter<T> : JsonConverter<IReadOnlyList<T>>
    {
        private static readonly char[] NumberSeparators = [' ', ',', ';', '\n', '\r', '\t'];

        public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) return JsonSerializer.Deserialize<List<T>>(ref reader, WithoutThis(options));
            var text = reader.GetString()!;
            if (typeof(T) == typeof(double))
                return (IReadOnlyList<T>)(object)text.Split(NumberSeparators, StringSplitOptions.RemoveEmptyEntries)
                    .Select(part => double.Parse(part, CultureInfo.InvariantCulture)).ToList();
            return (IReadOnlyList<T>)(object)text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, WithoutThis(options));

        private JsonSerializerOptions WithoutThis(JsonSerializerOptions options) => WithoutConverter(options, this);
    }

    /// <summary>A stored spec, first brought up to date by its kind (<see cref="ExperimentKind.UpgradeStoredSpec"/>).</summary>
    private sealed class StoredSpecConverter : JsonConverter<ExperimentSpec>
    {
        public override ExperimentSpec? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var json = JsonNode.Parse(ref reader);
            if (json is JsonObject fields
                && fields.FirstOrDefault(field => field.Key.Equals("kind", StringComparison.OrdinalIgnoreCase)).Value is JsonValue name
                && name.TryGetValue<string>(out var kindName) && ExperimentKinds.Find(kindName) is { } kind)
                kind.UpgradeStoredSpec(fields);
            return json.Deserialize<ExperimentSpec>(WithoutThis(options));
        }

        public override void Write(Utf8JsonWriter writer, ExperimentSpec value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, WithoutThis(options));

        private JsonSerializerOptions WithoutThis(JsonSerializerOptions options) => WithoutConverter(options, this);
    }

    /// <summary>A run id that earlier versions stored as text, possibly with spaces around it.</summary>
    private sealed class LegacyRunIdConverter : JsonConverter<Guid>
    {
        public override Guid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Guid.Parse(reader.GetString()!.Trim());

        public override void Write(Utf8JsonWriter writer, Guid value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}

/// <summary>A spec as read from JSON, or why it could not be: every error names its field.</summary>
public sealed record SpecReading(ExperimentSpec? Spec, IReadOnlyList<SpecError> Errors)
{
    public bool IsValid => Spec is not null && Errors.Count == 0;

    public static SpecReading Refused(string field, string message) => new(null, [new SpecError(field, message)]);

    public Dictionary<string, string[]> ErrorsByField() => Errors
        .GroupBy(error => error.Field)
        .ToDictionary(group => group.Key, group => group.Select(error => error.Message).ToArray());
}
