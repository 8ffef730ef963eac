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
        foreach (var parameter in run.Spec.ValueKind == JsonValueKind.Object ? run.Spec.EnumerateObject() : default)
            text.AppendLine($"  {parameter.Name,-22}{(parameter.Value.ValueKind == JsonValueKind.String ? parameter.Value.GetString() : JsonSerializer.Serialize(parameter.Value))}");
        if (run.Metrics.Count > 0)
        {
            text.AppendLine("metrics");
            foreach (var name in MetricsText.Ordered(run.Metrics.Keys)) text.AppendLine($"  {name,-22}{MetricsText.Format(run.Metrics[name])}");
        }
        if (run.Error is not null) text.AppendLine("error").AppendLine("  " + run.Error.ReplaceLineEndings("\n  "));
        return text.ToString();
    }

    private static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");
}
