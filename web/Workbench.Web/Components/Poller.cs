using Microsoft.Extensions.Logging;

namespace Workbench.Web.Components;

/// <summary>
/// Refreshes a live view on a fixed period until the component is disposed or the refresh says
/// there is nothing more to watch. A failed refresh (e.g. the database restarting) is logged and
/// retried on the next tick rather than freezing the view.
/// </summary>
public sealed class Poller(TimeSpan period, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource stopping = new();

    /// <param name="refresh">returns false when the view needs no more refreshing</param>
    public async Task Run(Func<CancellationToken, Task<bool>> refresh)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                try
                {
                    if (!await refresh(stopping.Token)) return;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Refreshing a live view failed; retrying in {Period}", period);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public void Dispose() => stopping.Cancel();
}
