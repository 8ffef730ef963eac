using Hangfire;
using Hangfire.Server;
using Marten;
using Polly;
using Polly.Timeout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workbench.Engine;
using Workbench.Engine.Pretrained;
using Workbench.Runs.Artifacts;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Hosting;
using Workbench.Runs.Models;
using Workbench.Runs.Workers;

namespace Workbench.Runs.Executing;

/// <summary>
/// The Hangfire job a worker runs for one run: load the run, run the engine, append what happened.
/// Failures of the experiment are recorded, not retried (they are deterministic); database outages are
/// waited out (<see cref="StreamWrites.ThroughOutages"/>); a worker that dies mid-run leaves the job to
/// be handed out again, and the next attempt starts over.
/// </summary>
/// <remarks>The job's queue (the device its run needs, <see cref="Submitting.RunQueues"/>) is the job's own, set when it is
/// created; no [Queue] attribute here, which would put every job back on one queue.</remarks>
public sealed class ExecuteRun(
    IDocumentStore store, ArtifactStore artifacts, ExperimentInputs inputs, QueueServers servers, WorkerCapabilities worker,
    WorkerActivity activity, ModelShelf models, IOptions<WorkerOptions> options, ILogger<ExecuteRun> logger)
{
    /// <summary>Who the events a worker appends are recorded as caused by: its host and process.</summary>
    public static string Actor { get; } = $"worker@{Environment.MachineName}:{Environment.ProcessId}";

    /// <param name="context">given by Hangfire (null when enqueued): which job this is, on which server</param>
    [AutomaticRetry(Attempts = 0)]
    public async Task Execute(Guid runId, PerformContext? context, CancellationToken cancellationToken)
    {
        var outages = StreamWrites.ThroughOutages(options.Value.RetryDatabaseFor, logger);
        var write = Guid.NewGuid().ToString("N");
        var started = await outages.ExecuteAsync(
            async token => await Start(runId, context?.BackgroundJob.Id, context?.ServerId, write, outages, token),
            cancellationToken);
        if (started is null) return;
        var (run, recorder) = started.Value;
        var (spec, number) = (run.Spec, recorder.Attempt);
        // Here, not in Start: the choice holds for this flow of execution, which runs the experiment.
        TorchRuntime.Configure(options.Value.Threads, worker.DeviceFor(spec.Device), worker.ComputeType);
        activity.Started(runId, number, spec.Title);
        try
        {
            try
            {
                var replayed = await ReplayedModels(run, outages, cancellationToken);
                var experiment = new ExperimentContext(recorder, cancellationToken, input => inputs.Load(input, replayed, cancellationToken));
                var result = ExperimentKinds.Of(spec).Run(spec, experiment);
                recorder.Append(recorder.Evaluated(result), new RunSucceeded(number));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Not asked for by anyone: the worker is shutting down and Hangfire will hand the job out again.
                if (recorder.CancellationRequestedBy() is not { } requestedBy) throw;
                recorder.Append(new RunCancelled(requestedBy));
            }
            // An outage met outside the recorder (an evaluation reading the store) is not the experiment's failure:
            // the job fails and the reconciler hands the run out again.
            catch (Exception exception) when (exception is not (AttemptSuperseded or TimeoutRejectedException) && !StreamWrites.IsDatabaseUnreachable(exception))
            {
                logger.LogError(exception, "Run {RunId} attempt {Attempt} failed", runId, number);
                recorder.Append(new RunFailed(number, exception.Message));
            }
        }
        catch (AttemptSuperseded superseded)
        {
            logger.LogWarning("Run {RunId} attempt {Attempt} stopped: {Reason}", runId, number, superseded.Message);
        }
        finally
        {
            activity.Ended(runId);
        }
    }

    /// <summary>What the run this one replays loaded, by role: a replay must load the same models (empty for any other run).</summary>
    private async Task<IReadOnlyDictionary<string, LoadedModelSummary>> ReplayedModels(Run run, ResiliencePipeline outages, CancellationToken cancellationToken)
    {
        if (run.ReplayOf is not { } original) return new Dictionary<string, LoadedModelSummary>();
        return await outages.ExecuteAsync(async token =>
        {
            await using var session = store.QuerySession();
            return (IReadOnlyDictionary<string, LoadedModelSummary>?)(await session.LoadAsync<Run>(original, token))?.Models
                ?? new Dictionary<string, LoadedModelSummary>();
        }, cancellationToken);
    }

    /// <summary>Records the start of a new attempt, or returns null when there is nothing to run.</summary>
    /// <param name="write">the id this start is written with, the same in every retry</param>
    /// <exception cref="RunRefused">this worker cannot run it (<see cref="RunRequirement"/>): the job fails, and the reconciler hands the run out again</exception>
    private async Task<(Run Run, RunRecorder Recorder)?> Start(
        Guid runId, string? jobId, string? serverId, string write, ResiliencePipeline outages, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = Actor;
        session.CorrelationId = write;
        var stream = await session.Events.FetchForWriting<Run>(runId, cancellationToken);
        var run = stream.Aggregate;
        var version = stream.CurrentVersion ?? 0;
        if (run is null)
        {
            logger.LogWarning("Job for unknown run {RunId} ignored", runId);
            return null;
        }
        // A retry after a commit whose answer was lost: this start is recorded already.
        if (run.Status == RunStatus.Running && run.Server == serverId
            && await RunRecorder.WriteIsStored(session, runId, fromVersion: 1, write, cancellationToken))
            return Recorder(run, run.Attempt, version);
        if (run.IsFinished) return null;
        if (jobId is not null && run.JobId != jobId)
        {
            logger.LogWarning("Job {JobId} ignored: run {RunId} is carried by job {Current}", jobId, runId, run.JobId);
            return null;
        }
        if (run.CancellationRequestedBy is not null)
        {
            stream.AppendOne(new RunCancelled(run.CancellationRequestedBy));
            await session.SaveChangesAsync(cancellationToken);
            return null;
        }
        if (run.Status == RunStatus.Running && run.Server != serverId && (await servers.Alive(cancellationToken)).IsAlive(run.Server))
        {
            logger.LogWarning("Job {JobId} ignored: run {RunId} attempt {Attempt} is alive on {Server}", jobId, runId, run.Attempt, run.Server);
            return null;
        }

        // A CPU worker serves no queue of CUDA runs (a job moved there by hand is given back), and a worker leaves a run
        // whose models it does not have or cannot hold to another.
        if (await models.Refusal(RunRequirement.Of(run.Spec), cancellationToken) is { } refusal) throw new RunRefused(refusal);

        var attempt = run.Attempt + 1;
        var environment = TorchRuntime.Describe(options.Value.Threads, worker.DeviceFor(run.Spec.Device));
        stream.AppendOne(new RunStarted(attempt, Environment.MachineName, run.JobId ?? "", environment, CodeVersion.Current, run.Spec.Seeds, serverId));
        await session.SaveChangesAsync(cancellationToken);
        return Recorder(run, attempt, version + 1);

        (Run, RunRecorder) Recorder(Run current, int number, long at) =>
            (current, new RunRecorder(store, artifacts, outages, runId, number, at));
    }
}

/// <summary>A worker that cannot run a run leaves it to another: its job fails with the reason, and the reconciler queues the run again.</summary>
public sealed class RunRefused(string reason) : Exception(reason);
