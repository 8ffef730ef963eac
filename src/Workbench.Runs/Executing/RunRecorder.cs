using System.Text.Json;
using Marten;
using Workbench.Engine;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

/// <summary>
/// Turns what the engine reports into events of one attempt. Training steps are batched so that a
/// run records about a hundred progress events whatever its length; weights and whole results go to the artifact store.
/// </summary>
public sealed class RunRecorder(IDocumentStore store, ArtifactStore artifacts, Guid runId, int attempt) : IExperimentObserver
{
    private const int ProgressEventsPerRun = 100;

    /// <summary>Generations shown on the run page from the event itself; every one is in the examples artifact.</summary>
    private const int ExamplesShown = 12;

    private readonly List<LossPoint> pending = [];

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

    public void ModelTrained(ModelCheckpoint checkpoint) =>
        Append(new CheckpointSaved(attempt, checkpoint.Model, checkpoint.Step, artifacts.Put(checkpoint.Weights), checkpoint.Weights.Length));

    /// <summary>The result as its event, the kind's details and every example stored as artifacts.</summary>
    public EvaluationCompleted Evaluated(ExperimentResult result)
    {
        var details = result.Details is null ? null
            : artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(result.Details, result.Details.GetType(), ExperimentJson.Options));
        var allExamples = result.Examples.Count > ExamplesShown
            ? artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(result.Examples, ExperimentJson.Options))
            : null;
        return new EvaluationCompleted(attempt, result.Metrics, [.. result.Examples.Take(ExamplesShown)], details, result.Curves, allExamples);
    }

    public void Append(params object[] events) => StreamWrites.RetryOnConflict(() =>
    {
        using var session = store.LightweightSession();
        session.LastModifiedBy = ExecuteRun.Actor;
        session.Events.Append(runId, events);
        // The engine reports synchronously from its training loop, which already owns this thread.
        session.SaveChangesAsync().GetAwaiter().GetResult();
    });
}
