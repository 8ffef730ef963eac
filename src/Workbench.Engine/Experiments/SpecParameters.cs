using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Engine;

/// <summary>One parameter of a spec type, with the metadata its <see cref="ExperimentParameterAttribute"/> gives it.</summary>
/// <param name="Name">as in JSON, e.g. "seedPrefixLength"</param>
/// <param name="Type">the value's type (for a list, the list's; for <c>int?</c>, <c>int</c>)</param>
/// <param name="ItemType">for a list, its items' type; null otherwise</param>
/// <param name="Optional">may be left out or null (e.g. prompts of one's own)</param>
public sealed record SpecParameter(
    string Name, string Label, ParameterGroup Group, string Description, Type Type, Type? ItemType, bool Optional,
    ExperimentParameterAttribute Metadata, IReadOnlyList<AppliesWhenAttribute> Conditions, PropertyInfo Property)
{
    public bool IsList => ItemType is not null;

    /// <summary>The enum's values as JSON writes them (camelCase), or null for other types.</summary>
    public IReadOnlyList<string>? Choices => (ItemType ?? Type).IsEnum
        ? [.. Enum.GetNames(ItemType ?? Type).Select(JsonNamingPolicy.CamelCase.ConvertName)]
        : null;

    public object? ValueOf(ExperimentSpec spec) => Property.GetValue(spec);

    /// <summary>Whether the parameter means anything for this spec (<see cref="AppliesWhenAttribute"/>).</summary>
    public bool AppliesTo(ExperimentSpec spec) => Conditions.All(condition =>
    {
        var other = Property.DeclaringType!.GetProperty(condition.Parameter)!.GetValue(spec);
        return condition.Values.Any(value => Equals(value, other)) != condition.Not;
    });

    /// <summary>What applies-when says, in words, e.g. "for circle construction and line construction".</summary>
    public string? ConditionText => Conditions.Count == 0 ? null : string.Join("; ", Conditions.Select(condition =>
        $"{(condition.Not ? "unless" : "when")} {SpecParameters.Words(condition.Parameter).ToLowerInvariant()} is " +
        string.Join(" or ", condition.Values.Select(value => value switch
        {
            null => "empty",
            Enum => SpecParameters.Words(value.ToString()!).ToLowerInvariant(),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        }))));

    /// <summary>The allowed range in words, e.g. "2 to 50", "above 0, at most 0.1", "1 to 10 values, each above 0 and below 1".
    /// With a spec, bounds that follow another parameter are its current value; without one, its name.</summary>
    public string? RangeText(ExperimentSpec? spec = null)
    {
        var bounds = Bounds(spec);
        var each = bounds.Text;
        var length = Metadata.MaxLength > 0 ? $"at most {Metadata.MaxLength} characters" + (IsList ? " each" : "") : null;
        if (!IsList) return each ?? length;
        var count = Metadata.MaxCount > 0 ? $"{Math.Max(Metadata.MinCount, 0)} to {Metadata.MaxCount} values"
            : Metadata.MinCount > 0 ? $"at least {Metadata.MinCount} values" : null;
        var parts = new[] { count, each is null ? null : "each " + each, length }.Where(part => part is not null);
        var text = string.Join(", ", parts);
        return text.Length == 0 ? null : text;
    }

    /// <summary>The effective numeric bounds; NaN where there is none.</summary>
    internal NumericBounds Bounds(ExperimentSpec? spec)
    {
        var (min, max) = (Metadata.Min, Metadata.Max);
        string? minName = null, maxName = null;
        if (Metadata.MinOf is { } minOf)
        {
            var other = spec is null ? double.NaN : Convert.ToDouble(Property.DeclaringType!.GetProperty(minOf)!.GetValue(spec), CultureInfo.InvariantCulture) + Metadata.MinOffset;
            if (spec is null) minName = Offset(minOf, Metadata.MinOffset);
            else min = double.IsNaN(min) ? other : Math.Max(min, other);
        }
        if (Metadata.MaxOf is { } maxOf)
        {
            var other = spec is null ? double.NaN : Convert.ToDouble(Property.DeclaringType!.GetProperty(maxOf)!.GetValue(spec), CultureInfo.InvariantCulture) + Metadata.MaxOffset;
            if (spec is null) maxName = Offset(maxOf, Metadata.MaxOffset);
            else max = double.IsNaN(max) ? other : Math.Min(max, other);
        }
        // A bound that follows an invalid parameter can cross the other one; that parameter's own error says why.
        if (!double.IsNaN(min) && !double.IsNaN(max) && max < min) max = min;
        return new NumericBounds(min, max, Metadata.AboveMin, Metadata.BelowMax, minName, maxName);
    }

    private static string Offset(string parameter, double offset) =>
        JsonNamingPolicy.CamelCase.ConvertName(parameter) + (offset == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" {(offset > 0 ? "+" : "−")} {Math.Abs(offset)}"));
}

/// <summary>A numeric range; a bound may be a parameter's name (<see cref="MinName"/>) where no spec was given.</summary>
internal readonly record struct NumericBounds(double Min, double Max, bool AboveMin, bool BelowMax, string? MinName, string? MaxName)
{
    public bool Allows(double value) =>
        (double.IsNaN(Min) || (AboveMin ? value > Min : value >= Min)) && (double.IsNaN(Max) || (BelowMax ? value < Max : value <= Max));

    /// <summary>"2 to 50", "above 0, at most 0.1", "at least 1", or null without bounds.</summary>
    public string? Text
    {
        get
        {
            var low = MinName ?? (double.IsNaN(Min) ? null : Number(Min));
            var high = MaxName ?? (double.IsNaN(Max) ? null : Number(Max));
            if (low is null && high is null) return null;
            if (!AboveMin && !BelowMax && low is not null && high is not null) return $"{low} to {high}";
            var lower = low is null ? null : AboveMin ? $"above {low}" : $"at least {low}";
            var upper = high is null ? null : BelowMax ? $"below {high}" : $"at most {high}";
            return string.Join(", ", new[] { lower, upper }.Where(part => part is not null));
        }
    }

    /// <summary>The validator's wording: "must be between 2 and 50", "must be above 0 and at most 0.1".</summary>
    public string Message => !AboveMin && !BelowMax && !double.IsNaN(Min) && !double.IsNaN(Max)
        ? $"must be between {Number(Min)} and {Number(Max)}"
        : "must be " + Text!.Replace(", ", " and ");

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Reads the parameters of spec types, and checks a spec against their ranges.</summary>
public static class SpecParameters
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<SpecParameter>> Cache = new();

    /// <summary>Every parameter of the spec type, in declaration order (base type's first).</summary>
    /// <exception cref="InvalidOperationException">a parameter has no <see cref="ExperimentParameterAttribute"/></exception>
    public static IReadOnlyList<SpecParameter> Of(Type specType) => Cache.GetOrAdd(specType, Read);

    public static IReadOnlyList<SpecParameter> Of(ExperimentSpec spec) => Of(spec.GetType());

    private static IReadOnlyList<SpecParameter> Read(Type specType)
    {
        var properties = specType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is not null && property.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            // Base record's parameters first, each type's in declaration order.
            .OrderBy(property => Depth(property.DeclaringType!))
            .ThenBy(property => property.MetadataToken);
        return [.. properties.Select(property =>
        {
            var metadata = property.GetCustomAttribute<ExperimentParameterAttribute>()
                ?? throw new InvalidOperationException($"{specType.Name}.{property.Name} has no [Parameter]: every spec parameter says its group, description and range.");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var itemType = ListItemType(type);
            var optional = Nullable.GetUnderlyingType(property.PropertyType) is not null
                || new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
            return new SpecParameter(JsonNamingPolicy.CamelCase.ConvertName(property.Name), metadata.Label ?? Words(property.Name),
                metadata.Group, metadata.Description, type, itemType, optional, metadata, [.. property.GetCustomAttributes<AppliesWhenAttribute>()], property);
        })];
    }

    private static int Depth(Type type) => type.BaseType is null ? 0 : 1 + Depth(type.BaseType);

    private static Type? ListItemType(Type type) =>
        type != typeof(string) && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>The parameter of the spec's kind with this JSON name (case-insensitive), or null.</summary>
    public static SpecParameter? Find(Type specType, string name) =>
        Of(specType).FirstOrDefault(parameter => parameter.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>"SeedPrefixLength" → "Seed prefix length".</summary>
    public static string Words(string name) => string.Concat(name.Select((letter, i) =>
        i == 0 ? char.ToUpperInvariant(letter).ToString() : char.IsUpper(letter) ? " " + char.ToLowerInvariant(letter) : letter.ToString()));

    /// <summary>Every parameter's own range, count, length and enum value; rules across parameters are the spec's.</summary>
    internal static void CheckRanges(ExperimentSpec spec, SpecChecks errors)
    {
        foreach (var parameter in Of(spec.GetType()))
        {
            var value = parameter.ValueOf(spec);
            if (value is null)
            {
                errors.Check(parameter.Optional, parameter.Name, "is required");
                continue;
            }
            if (parameter.IsList) CheckList(parameter, [.. ((System.Collections.IEnumerable)value).Cast<object>()], spec, errors);
            else errors.Check(Problem(parameter, value, spec) is null, parameter.Name, Problem(parameter, value, spec) ?? "");
        }
    }

    private static void CheckList(SpecParameter parameter, List<object> items, ExperimentSpec spec, SpecChecks errors)
    {
        var metadata = parameter.Metadata;
        if (items.Count < metadata.MinCount || (metadata.MaxCount > 0 && items.Count > metadata.MaxCount))
        {
            errors.Check(false, parameter.Name, $"has {items.Count} values; {parameter.RangeText(spec)}");
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (Problem(parameter, items[i]!, spec) is { } problem)
            {
                // One error per list: the first bad value, named, so a long paste does not flood the form.
                errors.Check(false, parameter.Name, $"value {i + 1} ({Text(items[i]!)}) {problem}");
                return;
            }
        }
        if (metadata.Distinct)
        {
            var seen = new HashSet<object>();
            foreach (var item in items)
                if (!seen.Add(item))
                {
                    errors.Check(false, parameter.Name, $"lists {Text(item)} twice");
                    return;
                }
        }
    }

    /// <summary>What is wrong with one value (a scalar, or one item of a list), or null.</summary>
    private static string? Problem(SpecParameter parameter, object value, ExperimentSpec spec)
    {
        switch (value)
        {
            case Enum member when !Enum.IsDefined(member.GetType(), member):
                return "must be one of: " + string.Join(", ", parameter.Choices!);
            case string text when parameter.Metadata.MaxLength > 0 && text.Length > parameter.Metadata.MaxLength:
                return $"is {text.Length} characters long; at most {parameter.Metadata.MaxLength}";
            case int or long or double:
                var bounds = parameter.Bounds(spec);
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return bounds.Text is null || bounds.Allows(number) ? null : bounds.Message;
            default:
                return null;
        }
    }

    private static string Text(object value) => value switch
    {
        string text => $"\"{(text.Length > 40 ? text[..40] + "…" : text)}\"",
        double number => NumericBounds.Number(number),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
