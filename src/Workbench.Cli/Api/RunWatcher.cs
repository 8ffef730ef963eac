namespace Workbench.Cli.Api;

/// <summary>
/// Follows a run until it finishes (<c>watch</c>, and <c>--watch</c> on submit and replay): a progress bar
/// redrawn in place on a terminal, or a line per tenth of training when standard error is a file or pipe;
/// then the outcome on standard output. Exit code 0 if the run succeeded, <see cref="ExitCodes.RunUnsuccessful"/>
/// if it failed or was cancelled.
/// </summary>
public static class RunWatcher
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> Follow(ApiContext context, Guid id)
    {
        var redraw = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        var (shown, milestone) = ("", "");
        try
        {
            while (true)
            {
                var run = await context.Workbench.GetRunState(id, context.Cancellation);
                var line = ProgressLine.Of(run);
                if (redraw) await context.Error.WriteAsync("\r" + line.PadRight(shown.Length));
                else if (ProgressLine.Milestone(run) != milestone) await context.Error.WriteLineAsync(line);
                (shown, milestone) = (line, ProgressLine.Milestone(run));
                if (run.IsFinished)
                {
                    if (redraw) await context.Error.WriteLineAsync();
                    await context.Output.WriteLineAsync(Outcome(run));
                    return run.Status == RunStatuses.Succeeded ? ExitCodes.Success : ExitCodes.RunUnsuccessful;
                }
                await Task.Delay(PollInterval, context.Cancellation);
            }
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"{(redraw ? "\n" : "")}stopped watching; run {id} goes on (workbench cancel {id} stops it)");
            return ExitCodes.Interrupted;
        }
    }

    /// <example>run 0196… succeeded: creativity 0.412, memorization 0.25</example>
    public static string Outcome(RunState run) => run.Status switch
    {
        RunStatuses.Succeeded => $"run {run.Id} succeeded: {MetricsText.All(run.Metrics)}",
        RunStatuses.Failed => $"run {run.Id} failed: {run.Error}",
        RunStatuses.Cancelled => $"run {run.Id} cancelled" + (run.CancellationRequestedBy is { } by ? $" by {by}" : ""),
        var status => $"run {run.Id} {status}",
    };
}
