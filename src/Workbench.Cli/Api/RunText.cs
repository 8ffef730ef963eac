using System.Text;
using System.Text.Json;

namespace Workbench.Cli.Api;

/// <summary>A run's state as a person reads it in a terminal (<c>workbench show</c>).</summary>
public static class RunText
{
    public static string Of(RunState run)
    {
        var text = new StringBuilder();
        void Field(string name, object? value) { if (value is not null) text.AppendLine($"{name,-11}{value}"); }

        Field("run", run.Id);
        Field("title", run.Title);
        Field("status", run.Status + (run.Attempt > 1 ? $" (attempt {run.Attempt})" : "") + (run.WorkerHost is { } host ? $" on {host}" : ""));
        Field("submitted", $"{Time(run.SubmittedAt)} by {run.SubmittedBy}");
        Field("replay of", run.ReplayOf);
        Field("cloned from", run.ClonedFrom);
        Field("started", run.StartedAt is { } started ? Time(started) : null);
        Field("ended", run.EndedAt is { } ended ? Time(ended) + (run.StartedAt is { } from ? $" ({(ended - from).TotalSeconds:F1} s)" : "") : null);
        if (run.TotalSteps > 0) Field("progress", ProgressLine.Bar(run));
        Field("cancelled by", run.Status == RunStatuses.Cancelled ? run.CancellationRequestedBy : null);

        text.AppendLine("spec");
        Section(text, [.. (run.Spec.ValueKind == JsonValueKind.Object ? run.Spec.EnumerateObject() : default).Select(parameter =>
            (MetricsText.ParameterLabel(parameter.Name), parameter.Value.ValueKind == JsonValueKind.String ? parameter.Value.GetString()! : JsonSerializer.Serialize(parameter.Value)))]);
        if (run.Metrics.Count > 0)
        {
            text.AppendLine("metrics");
            Section(text, [.. MetricsText.Ordered(run.Metrics.Keys).Select(name => (MetricsText.Label(name), MetricsText.Format(run.Metrics[name])))]);
        }
        if (run.Error is not null) text.AppendLine("error").AppendLine("  " + run.Error.ReplaceLineEndings("\n  "));
        return text.ToString();
    }

    /// <summary>Indented label–value lines, the values in one column.</summary>
    private static void Section(StringBuilder text, IReadOnlyList<(string Label, string Value)> lines)
    {
        var width = lines.Select(line => line.Label.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var (label, value) in lines) text.AppendLine($"  {label.PadRight(width)}{value}");
    }

    private static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");
}
