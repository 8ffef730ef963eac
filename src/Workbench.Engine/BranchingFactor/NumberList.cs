using System.Globalization;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// A list of numbers typed into one text field (the spec form has no list input), e.g. "0.5 1 1.5" or one per
/// line: separated by spaces, commas, semicolons or lines, with a point as the decimal separator.
/// </summary>
internal static class NumberList
{
    /// <summary>The numbers in the order given; call only on text <see cref="Check"/> accepted.</summary>
    public static IReadOnlyList<double> Parse(string? text) => [.. Parts(text).Select(part => double.Parse(part, CultureInfo.InvariantCulture))];

    /// <summary>One error for the field at most: the count, the first unreadable or out-of-range number, or a repeat.</summary>
    /// <param name="allowed">the range each number must lie in, in words, e.g. "above 0 and below 1"</param>
    public static void Check(SpecChecks errors, string? text, string field, int minCount, int maxCount, Func<double, bool> isAllowed, string allowed, string example)
    {
        var parts = Parts(text);
        var bad = parts.FirstOrDefault(part => !double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !isAllowed(value));
        var problem = parts.Length < minCount || parts.Length > maxCount ? $"needs {minCount} to {maxCount} numbers, e.g. {example}"
            : bad is not null ? $"'{bad}' is not a number {allowed}"
            : Parse(text).Distinct().Count() != parts.Length ? "lists a number twice"
            : null;
        errors.Check(problem is null, field, problem ?? "");
    }

    private static string[] Parts(string? text) => (text ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
