using System.Text.Json;
using Workbench.Engine;
using Workbench.Runs.Annotating;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Executing;
using Workbench.Runs.Exporting;
using Workbench.Runs.Reconciling;
using Workbench.Runs.Submitting;

namespace Workbench.Web.Components.RunDetails;

/// <summary>One line saying what an event in a run's stream records, for the timeline.</summary>
public static class EventSummary
{
    public static string Of(object data) => data switch
    {
        RunSubmitted submitted => $"{submitted.Spec.Title}, by {submitted.SubmittedBy}",
        RunQueued queued => $"job {queued.JobId} on queue \"{queued.Queue}\"",
        RunRequeued requeued => $"job {requeued.JobId}: {requeued.Reason}",
        RunStarted started => $"attempt {started.Attempt} on {started.Server ?? started.WorkerHost}, {started.Environment.Device} × {started.Environment.Threads} threads",
        DatasetGenerated generated => $"{generated.Dataset.TrainingExamples} training examples of {generated.Dataset.ValidAnswers} valid answers, vocabulary {generated.Dataset.VocabularySize}",
        TrainingProgressed { Points: [var first, .., var last] } progressed =>
            $"steps {first.Step}–{last.Step} of {progressed.TotalSteps}, loss {last.Loss:0.0000}",
        TrainingProgressed { Points: [var only] } progressed => $"step {only.Step} of {progressed.TotalSteps}, loss {only.Loss:0.0000}",
        EvaluationCompleted evaluated => Scores(evaluated.Metrics),
        RunSucceeded succeeded => $"attempt {succeeded.Attempt}",
        RunFailed failed => failed.Error,
        RunCancellationRequested requested => $"by {requested.RequestedBy}",
        RunCancelled { Reason: { } reason } cancelled => $"asked for by {cancelled.CancelledBy}; {reason}",
        RunCancelled cancelled => $"by {cancelled.CancelledBy}",
        RunTagged tagged => $"\"{tagged.Tag}\" by {tagged.By}",
        RunUntagged untagged => $"\"{untagged.Tag}\" removed by {untagged.By}",
        RunNoteAdded noted => $"{noted.By}: {noted.Text}".ReplaceLineEndings(" "),
        ModelEvaluated evaluated => $"at step {evaluated.Step}: " + Scores(evaluated.Metrics),
        ModelLoaded { Model: var model } => $"{model.Role}: {model.Name}, {model.Architecture}, {model.Parameters:N0} parameters on {model.Device} in {model.ComputeType}, " +
                                            $"{model.Manifest.Files.Count} files ({model.Manifest.Bytes:N0} bytes), manifest SHA-256 {model.Manifest.Sha256[..12]}",
        CheckpointSaved saved => $"{saved.Model} weights at step {saved.Step}, {saved.Bytes:N0} bytes, SHA-256 {saved.Artifact[..12]}",
        RunImported imported => $"the events above came from an archive, imported by {imported.ImportedBy}; the archive names "
            + (imported.ArchivedUsers.Count == 0 ? "no users" : string.Join(", ", imported.ArchivedUsers)),
        // An event this UI does not know yet still shows what it carries.
        _ => JsonSerializer.Serialize(data, ExperimentJson.Options).ReplaceLineEndings(" "),
    };

    /// <example>Creativity 0.25, Memorization 0.581</example>
    private static string Scores(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", MetricNames.Of(metrics).Select(metric => $"{metric.Label} {metrics[metric.Key]:0.###}"));
}
