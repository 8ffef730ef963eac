using JasperFx.Events;
using Workbench.Engine;
using Workbench.Engine.Pretrained;
using Workbench.Runs.Annotating;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Executing;
using Workbench.Runs.Exporting;
using Workbench.Runs.Reconciling;
using Workbench.Runs.Submitting;

namespace Workbench.Runs;

public enum RunStatus { Submitted, Queued, Running, Succeeded, Failed, Cancelled }

/// <summary>
/// A run as its event stream says it is now. Marten keeps it up to date inline, in the same
/// transaction as the events, and can rebuild it from the streams at any time.
/// </summary>
public sealed class Run
{
    public Guid Id { get; set; }

    public ExperimentSpec Spec { get; set; } = null!;
    public string Title { get; set; } = "";
    public string SubmittedBy { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public Guid? ReplayOf { get; set; }
    public Guid? ClonedFrom { get; set; }
    public Guid? Group { get; set; }

    public RunStatus Status { get; set; }
    public string? JobId { get; set; }
    /// <summary>The job queue that carries the run: the device it needs (<see cref="Submitting.RunQueues"/>).</summary>
    public string? Queue { get; set; }
    public string? CancellationRequestedBy { get; set; }

    public int Attempt { get; set; }
    public string? WorkerHost { get; set; }
    /// <summary>The Hangfire server running the current attempt (<see cref="RunStarted.Server"/>).</summary>
    public string? Server { get; set; }
    /// <summary>How often the reconciler handed the run out again (<see cref="RunRequeued"/>).</summary>
    public int Requeues { get; set; }
    public DateTimeOffset? RequeuedAt { get; set; }
    public TorchEnvironment? Environment { get; set; }
    public CodeVersion? Code { get; set; }
    public IReadOnlyDictionary<string, long> Seeds { get; set; } = new Dictionary<string, long>();
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    public DatasetSummary? Dataset { get; set; }
    public int Step { get; set; }
    public int TotalSteps { get; set; }
    /// <summary>The loss curve of the current attempt.</summary>
    public List<LossPoint> Loss { get; set; } = [];

    public Dictionary<string, double> Metrics { get; set; } = [];
    public List<LabelledExample> Examples { get; set; } = [];
    /// <summary>Artifact hash of every example (a JSON list of <see cref="LabelledExample"/>), when there are more than <see cref="Examples"/>.</summary>
    public string? AllExamples { get; set; }
    /// <summary>Artifact hashes of the trained weights of the current attempt, by model (e.g. "model", or "base" and "aligned").</summary>
    public Dictionary<string, string> Checkpoints { get; set; } = [];
    /// <summary>The pretrained models the current attempt loaded, by role (the spec field that named each, e.g. "baseModel").</summary>
    public Dictionary<string, LoadedModelSummary> Models { get; set; } = [];
    /// <summary>Artifact hash of the whole result (every sample with its labels, every curve), JSON.</summary>
    public string? Details { get; set; }
    public List<Curve> Curves { get; set; } = [];
    public string? Error { get; set; }

    public List<string> Tags { get; set; } = [];
    public List<RunNote> Notes { get; set; } = [];
    /// <summary>Who wrote this run into this workbench from another's archive, or null for a run recorded here.</summary>
    public string? ImportedBy { get; set; }

    public bool IsFinished => Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled;
    public double Progress => TotalSteps == 0 ? 0 : (double)Step / TotalSteps;

    public static Run Create(IEvent<RunSubmitted> submitted) => new()
    {
        Id = submitted.Data.RunId,
        Spec = submitted.Data.Spec,
        Title = submitted.Data.Spec.Title,
        SubmittedBy = submitted.Data.SubmittedBy,
        SubmittedAt = AsStored(submitted.Timestamp),
        ReplayOf = submitted.Data.ReplayOf,
        ClonedFrom = submitted.Data.ClonedFrom,
        Group = submitted.Data.Group,
        Status = RunStatus.Submitted,
    };

    public void Apply(RunQueued queued)
    {
        JobId = queued.JobId;
        Queue = queued.Queue;
        if (Status == RunStatus.Submitted) Status = RunStatus.Queued;
    }

    public void Apply(IEvent<RunStarted> started)
    {
        // A later attempt (after a worker died) starts over: its curve replaces the abandoned one.
        Status = RunStatus.Running;
        Attempt = started.Data.Attempt;
        WorkerHost = started.Data.WorkerHost;
        Server = started.Data.Server;
        Environment = started.Data.Environment;
        Code = started.Data.Code;
        Seeds = started.Data.Seeds;
        StartedAt ??= AsStored(started.Timestamp);
        Dataset = null;
        Step = 0;
        Loss = [];
        Checkpoints = [];
        Models = [];
        Curves = [];
    }

    public void Apply(IEvent<RunRequeued> requeued)
    {
        JobId = requeued.Data.JobId;
        Queue = requeued.Data.Queue;
        Status = RunStatus.Queued;
        Requeues++;
        RequeuedAt = AsStored(requeued.Timestamp);
    }

    public void Apply(DatasetGenerated generated) => Dataset = generated.Dataset;

    public void Apply(TrainingProgressed progressed)
    {
        TotalSteps = progressed.TotalSteps;
        Loss.AddRange(progressed.Points);
        Step = progressed.Points[^1].Step;
    }

    /// <summary>Scores during training become curves over the training step, one per metric.</summary>
    public void Apply(ModelEvaluated evaluated)
    {
        foreach (var (name, value) in evaluated.Metrics.Where(metric => metric.Key != "generated"))
        {
            var index = Curves.FindIndex(curve => curve.Name == name && curve.X == "training step");
            var curve = index >= 0 ? Curves[index] : new Curve(name, "training step", "score", []);
            curve = curve with { Points = [.. curve.Points, new CurvePoint(evaluated.Step, value)] };
            if (index >= 0) Curves[index] = curve; else Curves.Add(curve);
        }
    }

    public void Apply(CheckpointSaved saved) => Checkpoints[saved.Model] = saved.Artifact;

    public void Apply(ModelLoaded loaded) => Models[loaded.Model.Role] = loaded.Model;

    public void Apply(EvaluationCompleted evaluated)
    {
        Metrics = new Dictionary<string, double>(evaluated.Metrics);
        Examples = [.. evaluated.Examples];
        AllExamples = evaluated.AllExamples;
        Details = evaluated.Details;
        Curves.AddRange(evaluated.Curves ?? []);
    }

    public void Apply(IEvent<RunSucceeded> succeeded)
    {
        Status = RunStatus.Succeeded;
        EndedAt = AsStored(succeeded.Timestamp);
    }

    public void Apply(IEvent<RunFailed> failed)
    {
        Status = RunStatus.Failed;
        Error = failed.Data.Error;
        EndedAt = AsStored(failed.Timestamp);
    }

    public void Apply(RunCancellationRequested requested) => CancellationRequestedBy = requested.RequestedBy;

    public void Apply(IEvent<RunCancelled> cancelled)
    {
        Status = RunStatus.Cancelled;
        EndedAt = AsStored(cancelled.Timestamp);
    }

    public void Apply(RunTagged tagged) => Tags.Add(tagged.Tag);

    public void Apply(RunUntagged untagged) => Tags.Remove(untagged.Tag);

    public void Apply(IEvent<RunNoteAdded> noted) => Notes.Add(new RunNote(noted.Data.Text, noted.Data.By, AsStored(noted.Timestamp)));

    public void Apply(RunImported imported) => ImportedBy = imported.ImportedBy;

    /// <summary>
    /// PostgreSQL keeps microseconds; the inline projection sees the event's .NET timestamp (100 ns) before
    /// it is stored. Rounding down here makes the live document equal to one rebuilt from the stream.
    /// </summary>
    internal static DateTimeOffset AsStored(DateTimeOffset timestamp) =>
        new(timestamp.Ticks - timestamp.Ticks % (TimeSpan.TicksPerMillisecond / 1000), timestamp.Offset);
}
