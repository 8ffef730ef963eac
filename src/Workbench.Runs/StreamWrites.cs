using System.Net.Sockets;
using JasperFx;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Workbench.Runs;

/// <summary>
/// How writes to run streams survive what goes wrong around them. A running run's stream is appended to
/// by its worker all the time, and by people (cancel, tag, note): when two appends race, Marten refuses
/// the later one, which simply tries again on the new version. A worker also waits out database outages.
/// </summary>
public static class StreamWrites
{
    private static readonly ResiliencePipeline Conflicts = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConcurrencyException>(),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.Zero,
        })
        .Build();

    public static async Task<T> RetryOnConflict<T>(Func<Task<T>> write) =>
        await Conflicts.ExecuteAsync(async _ => await write());

    /// <summary>
    /// The worker's pipeline: conflicts and transient database errors (the server restarting, refusing
    /// connections, a connection dropped) are retried with exponential backoff for up to
    /// <paramref name="outageLimit"/>, after which <see cref="TimeoutRejectedException"/> ends the attempt
    /// and the reconciler hands the run out again. Each operation must be safe to repeat.
    /// </summary>
    public static ResiliencePipeline ThroughOutages(TimeSpan outageLimit, ILogger logger) => new ResiliencePipelineBuilder()
        .AddTimeout(outageLimit)
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            OnRetry = retry =>
            {
                if (retry.Outcome.Exception is not ConcurrencyException)
                    logger.LogWarning("Database unreachable ({Error}); retry {Attempt} in {Delay}",
                        retry.Outcome.Exception?.Message, retry.AttemptNumber + 1, retry.RetryDelay);
                return default;
            },
        })
        .Build();

    /// <summary>The database is down, restarting or unreachable: not a failure of whatever was being done.</summary>
    public static bool IsDatabaseUnreachable(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
            if (cause is NpgsqlException { IsTransient: true }) return true;
        return false;
    }

    /// <summary>A write refused for a reason that passes: a version conflict, or a database that is down or restarting.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is ConcurrencyException or SocketException or TimeoutException or IOException) return true;
        }
        return IsDatabaseUnreachable(exception);
    }
}
