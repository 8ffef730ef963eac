using Hangfire;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workbench.Engine;
using Workbench.Runs.Artifacts;
using Workbench.Runs.Cancelling;

namespace Workbench.Runs.Executing;

/// <summary>
/// The Hangfire job a worker runs for one run: load the run, run the engine, append what happened.
/// Failures of the experiment are recorded, not retried (they are deterministic); a worker that
/// dies mid-run leaves the job to be handed out again, and the next attempt starts over.
/// </summary>
public sealed class ExecuteRun(IDocumentStore store, ArtifactStore artifacts, IOptions<WorkerOptions> options, ILogger<ExecuteRun> logger)
{
    public const string Queue = "experiments";

    /// <summary>Who the events a worker appends are recorded as caused by.</summary>
    public static string Actor { get; } = $"worker@{Environment.MachineName}";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task Execute(Guid runId, CancellationToken cancellationToken)
    {
        var attempt = await Start(runId, cancellationToken);
        if (attempt is null) return;
        var (run, number) = attempt.Value;
        var recorder = new RunRecorder(store, artifacts, runId, number);
        try
        {
            var inputs = new ExperimentInputs(store, artifacts);
            var context = new ExperimentContext(recorder, cancellationToken, input => inputs.Load(input, cancellationToken));
            var result = ExperimentKinds.Of(run.Spec).Run(run.Spec, context);
            recorder.Append(recorder.Evaluated(result), new RunSucceeded(number));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = Actor;
            var current = await session.LoadAsync<Run>(runId, CancellationToken.None);
            // Not asked for by anyone: the worker is shutting down and Hangfire will hand the job out again.
            if (current?.CancellationRequestedBy is null) throw;
            recorder.Append(new RunCancelled(current.CancellationRequestedBy));
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Run {RunId} attempt {Attempt} failed", runId, number);
            recorder.Append(new RunFailed(number, exception.Message));
        }
    }

    /// <summary>Records the start of a new attempt, or returns null when there is nothing to run.</summary>
    private async Task<(Run Run, int Attempt)?> Start(Guid runId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = Actor;
        var stream = await session.Events.FetchForWriting<Run>(runId, cancellationToken);
        var run = stream.Aggregate;
        if (run is null)
        {
            logger.LogWarning("Job for unknown run {RunId} ignored", runId);
            return null;
        }
        if (run.IsFinished) return null;
        if (run.CancellationRequestedBy is not null)
        {
            stream.AppendOne(new RunCancelled(run.CancellationRequestedBy));
            await session.SaveChangesAsync(cancellationToken);
            return null;
        }

        var attempt = run.Attempt + 1;
        var environment = TorchRuntime.Configure(options.Value.Threads);
        stream.AppendOne(new RunStarted(attempt, Environment.MachineName, run.JobId ?? "", environment, CodeVersion.Current, run.Spec.Seeds));
        await session.SaveChangesAsync(cancellationToken);
        return (run, attempt);
    }
}
