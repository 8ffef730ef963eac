using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Cli.Api;

/// <summary>A length of time as people type it on a command line: <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>1h30m</c>, or seconds.</summary>
public static partial class Duration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return seconds >= 0;
        }
        var parts = Part().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(part => part.Value)) != text) return false;
        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups["amount"].Value, CultureInfo.InvariantCulture);
            duration += part.Groups["unit"].Value switch { "h" => TimeSpan.FromHours(amount), "m" => TimeSpan.FromMinutes(amount), _ => TimeSpan.FromSeconds(amount) };
        }
        return true;
    }

    /// <example>5m, 1h30m, 90s → 1m30s</example>
    public static string Text(TimeSpan duration)
    {
        if (duration < TimeSpan.FromMinutes(1)) return $"{duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s";
        var text = (duration.Hours + 24 * duration.Days > 0 ? $"{duration.Hours + 24 * duration.Days}h" : "") + (duration.Minutes > 0 ? $"{duration.Minutes}m" : "");
        return text + (duration.Seconds > 0 ? $"{duration.Seconds}s" : "");
    }

    [GeneratedRegex(@"(?<amount>[0-9]+(\.[0-9]+)?)(?<unit>[hms])")]
    private static partial Regex Part();
}
