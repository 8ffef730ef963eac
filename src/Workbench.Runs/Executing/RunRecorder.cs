using System.Text.Json;
using Marten;
using Polly;
using Workbench.Engine;
using Workbench.Engine.Pretrained;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

/// <summary>
/// Turns what the engine reports into events of one attempt. Training steps are batched so that a
/// run records about a hundred progress events whatever its length; weights and whole results go to the artifact store.
/// Every write waits out database outages (the training thread pauses meanwhile) and happens at most
/// once: it carries its own id, so a retry after a commit whose answer was lost finds it instead of
/// writing it twice. Once the run has ended or another attempt has begun, writing throws
/// <see cref="AttemptSuperseded"/> and the attempt stops.
/// </summary>
public sealed class RunRecorder(
    IDocumentStore store, ArtifactStore artifacts, ResiliencePipeline outages, Guid runId, int attempt, long version) : IExperimentObserver
{
    private const int ProgressEventsPerRun = 100;

    /// <summary>Generations shown on the run page from the event itself; every one is in the examples artifact.</summary>
    private const int ExamplesShown = 12;

    private readonly List<LossPoint> pending = [];

    /// <summary>The stream's version after this attempt's last write.</summary>
    private long version = version;

    public int Attempt => attempt;

    public void DatasetGenerated(DatasetSummary dataset) => Append(new DatasetGenerated(attempt, dataset));

    public void TrainingStepCompleted(TrainingStep step)
    {
        pending.Add(new LossPoint(step.Step, step.Loss));
        var every = Math.Max(1, step.TotalSteps / ProgressEventsPerRun);
        if (step.Step % every == 0 || step.Step == step.TotalSteps)
        {
            Append(new TrainingProgressed(attempt, step.TotalSteps, [.. pending]));
            pending.Clear();
        }
    }

    public void CheckpointEvaluated(CheckpointEvaluation checkpoint) =>
        Append(new ModelEvaluated(attempt, checkpoint.Step, checkpoint.Metrics));

    public void ModelLoaded(LoadedModelSummary model) => Append(new ModelLoaded(attempt, model));

    public void ModelTrained(ModelCheckpoint checkpoint)
    {
        var artifact = outages.Execute(() => artifacts.Put(checkpoint.Weights));
        Append(new CheckpointSaved(attempt, checkpoint.Model, checkpoint.Step, artifact, checkpoint.Weights.Length));
    }

    /// <summary>The result as its event, the kind's details and every example stored as artifacts (through outages too).</summary>
    public EvaluationCompleted Evaluated(ExperimentResult result)
    {
        var details = result.Details is null ? null
            : outages.Execute(() => artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(result.Details, result.Details.GetType(), ExperimentJson.Options)));
        var allExamples = result.Examples.Count > ExamplesShown
            ? outages.Execute(() => artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(result.Examples, ExperimentJson.Options)))
            : null;
        return new EvaluationCompleted(attempt, result.Metrics, [.. result.Examples.Take(ExamplesShown)], details, result.Curves, allExamples);
    }

    public void Append(params object[] events)
    {
        var write = Guid.NewGuid().ToString("N");
        // The engine reports synchronously from its training loop, which already owns this thread.
        outages.Execute(token => TryAppend(events, write, token).GetAwaiter().GetResult());
    }

    /// <summary>Who asked for the run to stop, as the stream says now; null when nobody did.</summary>
    public string? CancellationRequestedBy() => outages.Execute(token =>
    {
        using var session = store.QuerySession();
        return session.LoadAsync<Run>(runId, token).GetAwaiter().GetResult()?.CancellationRequestedBy;
    });

    private async Task TryAppend(object[] events, string write, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = ExecuteRun.Actor;
        session.CorrelationId = write;
        var stream = await session.Events.FetchForWriting<Run>(runId, cancellationToken);
        var current = stream.CurrentVersion ?? 0;
        if (current > version && await WriteIsStored(session, runId, version + 1, write, cancellationToken))
        {
            version = current;
            return;
        }
        var run = stream.Aggregate ?? throw new AttemptSuperseded($"run {runId} has no stream");
        if (run.IsFinished || run.Attempt != attempt || run.Status != RunStatus.Running)
            throw new AttemptSuperseded($"run {runId} is {run.Status} at attempt {run.Attempt}; attempt {attempt} stops");
        stream.AppendMany(events);
        await session.SaveChangesAsync(cancellationToken);
        version = current + events.Length;
    }

    /// <summary>Whether a write with this id is in the stream from <paramref name="fromVersion"/> on (it committed, and its answer was lost).</summary>
    internal static async Task<bool> WriteIsStored(IDocumentSession session, Guid runId, long fromVersion, string write, CancellationToken cancellationToken)
    {
        var since = await session.Events.FetchStreamAsync(runId, fromVersion: fromVersion, token: cancellationToken);
        return since.Any(e => e.CorrelationId == write);
    }
}

/// <summary>The run ended, or another attempt began, while this attempt was still writing: it stops without writing more.</summary>
public sealed class AttemptSuperseded(string message) : Exception(message);
