namespace Workbench.Engine;

/// <summary>
/// A metric one run measured at one of several settings (train once, decode many), recorded under
/// <c>{metric}__{setting}</c>, e.g. <c>creativity__t0p5_k50</c>: names the filter language accepts, which tables can
/// group by setting. The kind that records them says what its setting keys mean (<see cref="ExperimentKind.DescribeSetting"/>).
/// </summary>
public readonly record struct SettingMetric(string Metric, string Setting)
{
    public const string Separator = "__";

    public string Name => Metric + Separator + Setting;

    /// <summary>The metric and setting of a name with the separator, or null for a plain metric's name.</summary>
    public static SettingMetric? Parse(string name)
    {
        var at = name.IndexOf(Separator, StringComparison.Ordinal);
        return at > 0 && at + Separator.Length < name.Length ? new SettingMetric(name[..at], name[(at + Separator.Length)..]) : null;
    }
}
