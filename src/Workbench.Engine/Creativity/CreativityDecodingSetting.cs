using System.Globalization;

namespace Workbench.Engine.Creativity;

/// <summary>
/// One way of decoding a trained creativity model (train once, decode many: <see cref="CreativitySpec.DecodeTemperatures"/>).
/// Its metrics are recorded as <c>{metric}__{Key}</c>, e.g. <c>creativity__t0p5_k50</c> (names the filter language
/// accepts), and <see cref="Label"/> says it in words.
/// </summary>
/// <param name="Temperature">0 is greedy</param>
/// <param name="TopK">0 is off</param>
/// <param name="FixedPrefix">the seed prefix is off: every sample reads the same prefix</param>
public sealed record CreativityDecodingSetting(double Temperature, int TopK, bool FixedPrefix = false)
{
    /// <summary>Between a metric's name and its setting's key.</summary>
    public const string Separator = "__";

    /// <summary>"t0p5_k50", "t1_k0_fixedprefix": the temperature with 'p' for its decimal point.</summary>
    public string Key =>
        "t" + Temperature.ToString("0.###", CultureInfo.InvariantCulture).Replace('.', 'p') + "_k" + TopK.ToString(CultureInfo.InvariantCulture)
        + (FixedPrefix ? "_fixedprefix" : "");

    /// <summary>"T 0.5, top-k 50", "greedy, fixed prefix" (greedy with a top-k is the same decoding, and says so: "greedy (top-k 50)").</summary>
    public string Label =>
        (Temperature == 0 ? "greedy" + (TopK > 0 ? $" (top-k {TopK})" : "") : string.Create(CultureInfo.InvariantCulture, $"T {Temperature}") + (TopK > 0 ? $", top-k {TopK}" : ""))
        + (FixedPrefix ? ", fixed prefix" : "");

    public string MetricName(string metric) => metric + Separator + Key;

    /// <summary>The setting a key names, or null when it names none.</summary>
    public static CreativityDecodingSetting? FromKey(string key)
    {
        var parts = key.Split('_');
        if (parts.Length is < 2 or > 3 || !parts[0].StartsWith('t') || !parts[1].StartsWith('k')) return null;
        if (parts.Length == 3 && parts[2] != "fixedprefix") return null;
        if (!double.TryParse(parts[0][1..].Replace('p', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var temperature)) return null;
        if (!int.TryParse(parts[1][1..], NumberStyles.None, CultureInfo.InvariantCulture, out var topK)) return null;
        var setting = new CreativityDecodingSetting(temperature, topK, parts.Length == 3);
        return setting.Key == key ? setting : null;
    }
}
