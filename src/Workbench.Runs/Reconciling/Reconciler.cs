using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using JasperFx;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Executing;
using Workbench.Runs.Finding;
using Workbench.Runs.Hosting;
using Workbench.Runs.Submitting;

namespace Workbench.Runs.Reconciling;

/// <summary>
/// Every <see cref="ReconcilerOptions.Interval"/>, checks each unfinished run against the queue and repairs
/// those that disagree with an event saying what happened (<see cref="RunReconciliation"/> decides).
/// The web app and every worker host one, so that runs converge while any of them is up; a PostgreSQL
/// advisory lock, taken for one pass, lets only one of them reconcile at a time, and optimistic
/// concurrency on each stream keeps a repair from racing the run's own worker.
/// </summary>
public sealed class Reconciler(
    IDocumentStore store, NpgsqlDataSource database, JobStorage storage, IBackgroundJobClient jobs, QueueRun queue,
    IOptions<ReconcilerOptions> options, IOptions<QueueOptions> queueOptions, ILogger<Reconciler> logger) : BackgroundService
{
    private const long PassLock = 0x7265636F6E63696C; // "reconcil"

    /// <summary>Who the events the reconciler appends are recorded as caused by: its host and process.</summary>
    public static string Actor { get; } = $"reconciler@{Environment.MachineName}:{Environment.ProcessId}";

    private bool lostDatabase;
    private DateTime? reconnectedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                await Pass(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                lostDatabase = true;
                logger.LogWarning("Reconciling runs failed, trying again in {Interval}: {Error}", options.Value.Interval, exception.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over the unfinished runs; returns how many it repaired (0 when another instance holds the pass).</summary>
    public async Task<int> Pass(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@lock), now()", connection, transaction);
        command.Parameters.AddWithValue("lock", PassLock);
        DateTime now;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0)) return 0;
            now = reader.GetFieldValue<DateTime>(1);
        }
        if (lostDatabase)
        {
            lostDatabase = false;
            reconnectedAt = now;
        }
        var judgeWorkers = reconnectedAt is not { } back || now - back > queueOptions.Value.ServerTimeout;

        IReadOnlyList<Guid> unfinished;
        await using (var query = store.QuerySession())
            unfinished = await query.Query<RunListing>()
                .Where(run => run.Status == RunStatus.Submitted || run.Status == RunStatus.Queued || run.Status == RunStatus.Running)
                .Select(run => run.Id)
                .ToListAsync(cancellationToken);
        if (unfinished.Count == 0) return 0;
        var servers = new LiveServers(now,
            storage.GetMonitoringApi().Servers().Where(s => s.Heartbeat is not null).ToDictionary(s => s.Name, s => s.Heartbeat!.Value),
            queueOptions.Value.ServerTimeout);

        var repaired = 0;
        foreach (var runId in unfinished)
        {
            try
            {
                if (await Reconcile(runId, servers, judgeWorkers, cancellationToken)) repaired++;
            }
            catch (ConcurrencyException)
            {
                // The run's stream moved on while we looked: the next pass sees it as it is now.
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return repaired;
    }

    private async Task<bool> Reconcile(Guid runId, LiveServers servers, bool judgeWorkers, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = Actor;
        var stream = await session.Events.FetchForWriting<Run>(runId, cancellationToken);
        if (stream.Aggregate is not { IsFinished: false } run) return false;
        var job = run.JobId is null ? null : ReadJob(run.JobId);
        var settings = options.Value;
        var repair = RunReconciliation.Decide(run, job, servers.IsAlive, servers.Now, settings.Grace,
            queueOptions.Value.InvisibilityTimeout, settings.MaxRequeues, judgeWorkers);
        if (repair is null) return false;

        logger.LogWarning("Run {RunId} ({Status}): {Repair}, because {Reason}", runId, run.Status, repair.Kind, repair.Reason);
        // A run stays on its queue (the device it needs); one never queued goes where its spec says.
        var runQueue = run.Queue ?? RunQueues.For(run.Spec.Device);
        switch (repair.Kind)
        {
            case RepairKind.QueueAgain:
                var replaced = run.JobId; // the stream's aggregate moves on to the new job as it is appended
                await queue.HandOver(session, stream, runQueue, jobId => new RunRequeued(jobId, runQueue, repair.Reason), _ => { }, cancellationToken);
                if (job?.State is "Scheduled" or "Enqueued" or "Processing") jobs.Delete(replaced!);
                break;
            case RepairKind.Release:
                stream.AppendOne(new RunRequeued(run.JobId!, runQueue, repair.Reason));
                await session.SaveChangesAsync(cancellationToken);
                jobs.ChangeState(run.JobId!, new EnqueuedState(runQueue), ScheduledState.StateName);
                break;
            case RepairKind.Cancel:
                stream.AppendOne(new RunCancelled(run.CancellationRequestedBy!, repair.Reason));
                await session.SaveChangesAsync(cancellationToken);
                if (job is not null) jobs.Delete(run.JobId!);
                break;
            case RepairKind.Fail:
                stream.AppendOne(new RunFailed(run.Attempt, repair.Reason));
                await session.SaveChangesAsync(cancellationToken);
                if (job is not null) jobs.Delete(run.JobId!);
                break;
        }
        return true;
    }

    /// <summary>The job as the queue knows it; null when there is none by that id (deleted and expired, or never a job here).</summary>
    private QueuedJob? ReadJob(string jobId)
    {
        if (!long.TryParse(jobId, out _)) return null;
        using var connection = storage.GetConnection();
        var data = connection.GetJobData(jobId);
        if (data is null) return null;
        var state = connection.GetStateData(jobId);
        var server = state?.Data is { } stateData && stateData.TryGetValue("ServerId", out var id) ? id : null;
        DateTime? since = state?.Data is { } values && values.TryGetValue("StartedAt", out var started)
            ? JobHelper.DeserializeNullableDateTime(started) : null;
        var error = state?.Data is { } failed && failed.TryGetValue("ExceptionMessage", out var message) ? message : null;
        return new QueuedJob(data.State, data.CreatedAt, server, since, error);
    }
}
