using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Engine;

namespace Workbench.Runs.Finding;

/// <summary>
/// The runs list's filter language, turned into SQL over <see cref="RunListing"/> documents (alias <c>d</c>):
/// conditions <c>field op value</c> joined by <c>and</c>, e.g. <c>objective = teacherless and creativity &gt; 0.3</c>.
/// A field is kind, status, user, title, group, tag, submitted (a date), a spec parameter, or a final metric
/// (<c>spec.x</c> and <c>metric.x</c> say which when a name is both). Operators: = != &gt; &gt;= &lt; &lt;= and ~ (contains).
/// Values are numbers, dates, words or "quoted text"; text compares ignoring case.
/// </summary>
public static partial class RunFilter
{
    /// <summary>A WHERE clause with <c>?</c> placeholders, its parameters, and the bare names taken for metrics.</summary>
    public sealed record Sql(string Where, IReadOnlyList<object> Parameters, IReadOnlyList<string> AssumedMetrics);

    public sealed record Ordering(string OrderBy, IReadOnlyList<string> AssumedMetrics);

    /// <summary>Every parameter name any experiment kind has, as written in JSON.</summary>
    public static IReadOnlySet<string> SpecParameters => ExperimentKinds.All
        .SelectMany(kind => kind.Parameters)
        .Select(parameter => parameter.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> TextFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kind"] = "d.data ->> 'kind'",
        ["status"] = "d.data ->> 'status'",
        ["user"] = "d.data ->> 'submittedBy'",
        ["title"] = "d.data ->> 'title'",
        ["group"] = "d.data ->> 'group'",
    };

    /// <exception cref="FormatException">the filter does not parse; the message says where and why</exception>
    public static Sql Parse(string? filter)
    {
        var clauses = new List<string>();
        var parameters = new List<object>();
        var assumed = new List<string>();
        var text = filter?.Trim() ?? "";
        if (TextInput.StorageProblem(text) is { } unstorable) throw new FormatException($"the filter {unstorable}");
        var position = 0;
        while (position < text.Length)
        {
            var match = Condition().Match(text, position);
            if (!match.Success || match.Index != position)
                throw new FormatException($"expected 'field op value' at \"{Excerpt(text, position)}\" (e.g. objective = teacherless and creativity > 0.3)");
            clauses.Add(ConditionSql(match.Groups["field"].Value, match.Groups["op"].Value, Unquote(match.Groups["value"].Value), parameters, assumed));
            position = match.Index + match.Length;
            if (position >= text.Length) break;
            var and = And().Match(text, position);
            if (!and.Success || and.Index != position)
                throw new FormatException($"expected 'and' at \"{Excerpt(text, position)}\"");
            position += and.Length;
            if (position >= text.Length) throw new FormatException("a condition must follow 'and'");
        }
        return new Sql(clauses.Count == 0 ? "true" : string.Join(" and ", clauses), parameters, assumed);
    }

    /// <param name="sort">a field name, with '-' in front for descending; null or empty for newest first</param>
    /// <exception cref="FormatException">the field is not one the filter knows</exception>
    public static Ordering Order(string? sort)
    {
        const string newestFirst = "d.submitted_at desc, d.id desc";
        if (string.IsNullOrWhiteSpace(sort)) return new Ordering(newestFirst, []);
        var descending = sort.StartsWith('-');
        var field = sort.TrimStart('-', '+').Trim();
        var direction = descending ? "desc" : "asc";
        var assumed = new List<string>();
        var orderBy = field.ToLowerInvariant() switch
        {
            "submitted" => $"d.submitted_at {direction}",
            "tag" => throw new FormatException("runs cannot be sorted by tag"),
            _ when TextFields.TryGetValue(field, out var column) => $"lower({column}) {direction} nulls last",
            _ => JsonOrder(JsonField(field, assumed), direction),
        };
        return new Ordering($"{orderBy}, {newestFirst}", assumed);
    }

    private static string ConditionSql(string field, string op, string value, List<object> parameters, List<string> assumed)
    {
        var number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (double?)null;
        switch (field.ToLowerInvariant())
        {
            case "tag":
                parameters.Add(value);
                return op switch
                {
                    "=" => "jsonb_exists(d.data -> 'tags', ?)",
                    "!=" => "not jsonb_exists(d.data -> 'tags', ?)",
                    _ => throw new FormatException("tag takes = or != (has the tag, or has not)"),
                };
            case "submitted":
                if (op == "~") throw new FormatException("submitted compares with = != > >= < <=, not ~");
                parameters.Add(Date(value));
                return $"d.submitted_at {SqlOperator(op)} ?";
        }
        if (TextFields.TryGetValue(field, out var column)) return TextCondition(column, op, value, parameters);

        var json = JsonField(field, assumed);
        if (number is { } numeric && op != "~")
        {
            parameters.Add(numeric);
            return $"{JsonNumber(json)} {SqlOperator(op)} ?";
        }
        return TextCondition($"({json} #>> '{{}}')", op, value, parameters);
    }

    private static string TextCondition(string column, string op, string value, List<object> parameters)
    {
        switch (op)
        {
            case "=":
                parameters.Add(value.ToLowerInvariant());
                return $"lower({column}) = ?";
            case "!=":
                parameters.Add(value.ToLowerInvariant());
                return $"lower({column}) is distinct from ?";
            case "~":
                parameters.Add($"%{EscapeLike(value)}%");
                return $"{column} ilike ?";
            default:
                throw new FormatException($"'{op}' needs a number, and \"{value}\" is not one");
        }
    }

    /// <summary>A spec parameter or a metric, as a jsonb expression.</summary>
    private static string JsonField(string field, List<string> assumed)
    {
        if (!FieldName().IsMatch(field)) throw new FormatException($"\"{field}\" is not a field name");
        if (field.StartsWith("spec.", StringComparison.OrdinalIgnoreCase))
        {
            var parameter = field["spec.".Length..];
            if (!SpecParameters.Contains(parameter)) throw new FormatException($"no experiment has a parameter \"{parameter}\"");
            return SpecJson(parameter);
        }
        if (field.StartsWith("metric.", StringComparison.OrdinalIgnoreCase)) return MetricJson(field["metric.".Length..]);
        if (SpecParameters.Contains(field)) return SpecJson(field);
        assumed.Add(field);
        return MetricJson(field);
    }

    private static string SpecJson(string parameter) => $"(d.data -> 'spec' -> '{SpecParameters.First(p => p.Equals(parameter, StringComparison.OrdinalIgnoreCase))}')";

    // Names are checked against FieldName (letters, digits, '_'), so quoting them into SQL is safe.
    private static string MetricJson(string metric) => $"(d.data -> 'metrics' -> '{metric}')";

    private static string JsonNumber(string json) => $"(case when jsonb_typeof({json}) = 'number' then ({json} #>> '{{}}')::float8 end)";

    private static string JsonOrder(string json, string direction) =>
        $"{JsonNumber(json)} {direction} nulls last, lower({json} #>> '{{}}') {direction} nulls last";

    private static string SqlOperator(string op) => op switch { "=" => "=", "!=" => "<>", _ => op };

    private static DateTimeOffset Date(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToUniversalTime() // PostgreSQL's timestamptz takes UTC only; 2026-11-01T00:00+02:00 is 2026-10-31T22:00Z
            : throw new FormatException($"\"{value}\" is not a date (e.g. 2026-11-25 or 2026-11-25T14:00Z)");

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static string EscapeLike(string value) => value.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private static string Excerpt(string text, int position) => text[position..Math.Min(text.Length, position + 30)];

    [GeneratedRegex("""\G\s*(?<field>[A-Za-z][\w.]*)\s*(?<op>!=|>=|<=|=|>|<|~)\s*(?<value>"[^"]*"|'[^']*'|[^\s"']+)\s*""")]
    private static partial Regex Condition();

    [GeneratedRegex(@"\Gand(\s+|$)", RegexOptions.IgnoreCase)]
    private static partial Regex And();

    [GeneratedRegex(@"^(spec\.|metric\.)?[A-Za-z][A-Za-z0-9_]*$", RegexOptions.IgnoreCase)]
    private static partial Regex FieldName();
}
