using System.Text;
using System.Text.Json;

namespace Workbench.Cli.Api;

/// <summary>A sweep or recipe as a terminal shows it (<c>workbench group show</c>): what it is, how far it has got, and a row per run.</summary>
public static class GroupText
{
    private const int BarWidth = 30;

    public static string Of(GroupDetails details)
    {
        var group = details.Group;
        var text = new StringBuilder();
        text.AppendLine($"group      {group.Id}");
        text.AppendLine($"name       {group.Name}");
        text.AppendLine($"kind       {(group.Recipe is { } recipe ? $"recipe {recipe}" : group.Kind)} of {group.Experiment} runs");
        text.AppendLine($"created    {TextTable.Time(group.CreatedAt)} by {group.CreatedBy}");
        text.AppendLine($"progress   {Progress(group)}");
        foreach (var axis in details.Axes) text.AppendLine($"  {MetricsText.ParameterLabel(axis.Parameter),-22}{string.Join(", ", axis.Values.Select(Value))}");
        return text.AppendLine().Append(Results(details)).ToString();
    }

    /// <summary>
    /// The results table: a row per run in submission order, named by what differs from the others (its axis values, as
    /// the web's group table names it), its status and final metrics under their labels.
    /// </summary>
    public static string Results(GroupDetails details)
    {
        var metrics = MetricsText.Ordered(details.Rows.SelectMany(row => row.Metrics.Keys)).ToList();
        string[] header = ["ID", "RUN", "STATUS", .. metrics.Select(MetricsText.Label)];
        return TextTable.Of(header, details.Rows.Select(row => (IReadOnlyList<string>)
        [
            row.RunId.ToString(), TextTable.Shortened(row.Name), row.Status,
            .. metrics.Select(metric => row.Metrics.TryGetValue(metric, out var value) ? MetricsText.Format(value) : "-"),
        ]));
    }

    /// <example>[##########····················]  12/36 finished: 11 succeeded, 1 failed</example>
    public static string Progress(GroupSummary group)
    {
        var filled = group.Runs == 0 ? BarWidth : (int)Math.Round((double)group.Finished / group.Runs * BarWidth);
        return $"[{new string('#', filled)}{new string('·', BarWidth - filled)}]  {group.Finished}/{group.Runs} finished: {Counts(group)}";
    }

    /// <example>11 succeeded, 1 failed, 2 cancelled</example>
    public static string Counts(GroupSummary group)
    {
        var counts = $"{group.Succeeded} succeeded";
        if (group.Failed > 0) counts += $", {group.Failed} failed";
        if (group.Cancelled > 0) counts += $", {group.Cancelled} cancelled";
        return counts;
    }

    /// <summary>An axis value as the web shows it: text bare, everything else as JSON.</summary>
    private static string Value(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
