using Polly.Timeout;

namespace Workbench.Cli.Api;

/// <summary>One look at what is watched: the line to show, what a log is given when it changes, and once it has finished, the result.</summary>
/// <param name="Milestone">changes only when something worth a line in a log happens (a status, another tenth done)</param>
/// <param name="Outcome">null until it has finished; then what to print on standard output, and the exit code</param>
public sealed record Look(string Line, string Milestone, (string Text, int ExitCode)? Outcome = null);

/// <summary>
/// Follows a run or a group until it finishes: its line redrawn in place on a terminal, or a line per milestone
/// when standard error is a file or pipe; then the outcome on standard output. A workbench that stops answering
/// is waited for up to the patience (<see cref="Reconnection"/>); after that, or on Ctrl-C, the watch stops and
/// what it watched goes on.
/// </summary>
public static class Watching
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <param name="subject">what is watched, for messages: "run ID", "group ID"</param>
    /// <param name="again">the command that watches it again</param>
    /// <param name="stop">the command that cancels it</param>
    /// <param name="look">one poll; it passes the patience on to the client</param>
    public static async Task<int> Follow(ApiContext context, string subject, string again, string stop, Func<CancellationToken, Task<Look>> look)
    {
        var redraw = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        var (shown, milestone) = ("", "");
        try
        {
            while (true)
            {
                var seen = await look(context.Cancellation);
                if (redraw) await context.Error.WriteAsync("\r" + seen.Line.PadRight(shown.Length));
                else if (seen.Milestone != milestone) await context.Error.WriteLineAsync(seen.Line);
                (shown, milestone) = (seen.Line, seen.Milestone);
                if (seen.Outcome is var (text, exitCode))
                {
                    if (redraw) await context.Error.WriteLineAsync();
                    await context.Output.WriteLineAsync(text);
                    return exitCode;
                }
                await Task.Delay(PollInterval, context.Cancellation);
            }
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"{(redraw ? "\n" : "")}stopped watching; {subject} goes on ({stop} stops it)");
            return ExitCodes.Interrupted;
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException)
        {
            // The reconnection's patience ran out: the last error stands.
            throw new WorkbenchRefused($"{(redraw ? "\n" : "")}gave up watching: cannot reach the workbench at {context.Workbench.Address} ({exception.Message}); " +
                $"{subject} goes on ({again} follows it again)", ExitCodes.Unreachable);
        }
    }
}
