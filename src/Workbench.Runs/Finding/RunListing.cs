using JasperFx.Events;
using Workbench.Engine;
using Workbench.Runs.Annotating;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Executing;
using Workbench.Runs.Reconciling;
using Workbench.Runs.Submitting;

namespace Workbench.Runs.Finding;

/// <summary>
/// A run as the runs list, search and comparison tables need it: a small document (no curves, no
/// examples), so filtering and sorting 10 000+ runs reads little. Kept inline from the same stream as
/// <see cref="Run"/>, and rebuilt with it.
/// </summary>
public sealed class RunListing
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string Kind { get; set; } = "";
    public ExperimentSpec Spec { get; set; } = null!;
    public RunStatus Status { get; set; }
    public string SubmittedBy { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public Guid? Group { get; set; }
    public int Step { get; set; }
    public int TotalSteps { get; set; }
    public Dictionary<string, double> Metrics { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    /// <summary>Title, tags and notes in one lower-case string, for full-text search.</summary>
    public string SearchText { get; set; } = "";
    public List<string> Notes { get; set; } = [];

    public double Progress => TotalSteps == 0 ? 0 : (double)Step / TotalSteps;

    public static RunListing Create(IEvent<RunSubmitted> submitted)
    {
        var listing = new RunListing
        {
            Id = submitted.Data.RunId,
            Title = submitted.Data.Spec.Title,
            Kind = ExperimentJson.KindOf(submitted.Data.Spec),
            Spec = submitted.Data.Spec,
            SubmittedBy = submitted.Data.SubmittedBy,
            SubmittedAt = Run.AsStored(submitted.Timestamp),
            Group = submitted.Data.Group,
            Status = RunStatus.Submitted,
        };
        listing.Index();
        return listing;
    }

    public void Apply(RunQueued _)
    {
        if (Status == RunStatus.Submitted) Status = RunStatus.Queued;
    }

    public void Apply(RunRequeued _) => Status = RunStatus.Queued;

    public void Apply(RunStarted _)
    {
        Status = RunStatus.Running;
        Step = 0;
    }

    public void Apply(TrainingProgressed progressed)
    {
        TotalSteps = progressed.TotalSteps;
        Step = progressed.Points[^1].Step;
    }

    public void Apply(EvaluationCompleted evaluated) => Metrics = new Dictionary<string, double>(evaluated.Metrics);

    public void Apply(IEvent<RunSucceeded> succeeded) => End(RunStatus.Succeeded, succeeded.Timestamp);

    public void Apply(IEvent<RunFailed> failed) => End(RunStatus.Failed, failed.Timestamp);

    public void Apply(IEvent<RunCancelled> cancelled) => End(RunStatus.Cancelled, cancelled.Timestamp);

    public void Apply(RunTagged tagged)
    {
        Tags.Add(tagged.Tag);
        Index();
    }

    public void Apply(RunUntagged untagged)
    {
        Tags.Remove(untagged.Tag);
        Index();
    }

    public void Apply(RunNoteAdded noted)
    {
        Notes.Add(noted.Text);
        Index();
    }

    private void End(RunStatus status, DateTimeOffset at)
    {
        Status = status;
        EndedAt = Run.AsStored(at);
    }

    private void Index() => SearchText = string.Join('\n', [Title, .. Tags, .. Notes]).ToLowerInvariant();
}
