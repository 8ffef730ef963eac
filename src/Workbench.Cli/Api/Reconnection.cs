using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Workbench.Cli.Api;

/// <summary>
/// How a watch rides out a workbench that stops answering for a while (a restart of the web app): a poll that
/// could not reach it is tried again, with exponential backoff, until the workbench answers or has not answered
/// for the poll's <see cref="Patience"/>; then the last error stands. A request the workbench answered with a
/// refusal (any 4xx) is never repeated, and a request that is not a GET only when it cannot have reached the
/// workbench (the connection was never made). Requests without a patience, every command's but a watch's, are sent once.
/// It is Polly's retry inside Microsoft.Extensions.Http.Resilience's <see cref="ResilienceHandler"/>.
/// </summary>
public sealed class Reconnection(string address, TextWriter notices, TimeProvider time)
{
    /// <summary>How long a request may go on failing to reach the workbench before it gives up.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> Patience = new("workbench.patience");

    /// <summary>One poll's answer is small: a workbench silent this long is treated like one that is down.</summary>
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Exports of long runs carry every checkpoint: give them time.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Since when requests have failed to reach the workbench; null while it answers. A watch polls one request at a time.</summary>
    private long? unreachableSince;

    public DelegatingHandler Handler(HttpMessageHandler transport) => new ResilienceHandler(new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new HttpRetryStrategyOptions
        {
            ShouldHandle = arguments => ValueTask.FromResult(ShouldRetry(arguments.Context.GetRequestMessage(), arguments.Outcome)),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(250),
            MaxDelay = TimeSpan.FromSeconds(5),
        })
        .AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = arguments => ValueTask.FromResult(arguments.Context.GetRequestMessage()?.Options.TryGetValue(Patience, out _) == true ? PollTimeout : RequestTimeout),
        })
        .Build()) { InnerHandler = transport };

    private bool ShouldRetry(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome)
    {
        if (request is null || !request.Options.TryGetValue(Patience, out var patience)) return false;
        if (outcome.Result is { } response && !(IsUnavailable(response.StatusCode) && request.Method == HttpMethod.Get))
        {
            Answered();
            return false;
        }
        if (outcome.Exception is { } exception && !CouldNotReach(exception, request.Method)) return false;

        if (unreachableSince is not { } since)
        {
            unreachableSince = since = time.GetTimestamp();
            notices.WriteLine($"cannot reach the workbench at {address} ({Reason(outcome)}); trying again for up to {Duration.Text(patience)}");
        }
        return time.GetElapsedTime(since) < patience;
    }

    private void Answered()
    {
        if (unreachableSince is not { } since) return;
        unreachableSince = null;
        notices.WriteLine($"the workbench at {address} answers again (after {time.GetElapsedTime(since).TotalSeconds:F0} s)");
    }

    /// <summary>What a restarting app, or a proxy in front of one, answers: not a refusal of this request.</summary>
    public static bool IsUnavailable(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// No connection (refused, reset while connecting) means the request was never sent, so even a POST may be
    /// repeated; a broken answer or a silent server is repeated only for a GET, which changes nothing.
    /// </summary>
    private static bool CouldNotReach(Exception exception, HttpMethod method) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError or HttpRequestError.ConfigurationLimitExceeded } => false,
        HttpRequestException or TimeoutRejectedException => method == HttpMethod.Get,
        _ => false,
    };

    private static string Reason(Outcome<HttpResponseMessage> outcome) => outcome.Result is { } response
        ? $"{(int)response.StatusCode} {response.ReasonPhrase}"
        : outcome.Exception is TimeoutRejectedException ? "no answer" : outcome.Exception?.Message ?? "no answer";
}
