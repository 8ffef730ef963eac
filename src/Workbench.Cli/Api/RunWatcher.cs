namespace Workbench.Cli.Api;

/// <summary>
/// Follows a run until it finishes (<c>watch</c>, and <c>--watch</c> on submit and replay): a progress bar, then
/// the outcome. Exit code 0 if the run succeeded, <see cref="ExitCodes.RunUnsuccessful"/> if it failed or was cancelled.
/// </summary>
public static class RunWatcher
{
    /// <param name="patience">how long a workbench that does not answer is waited for</param>
    public static Task<int> Follow(ApiContext context, Guid id, TimeSpan patience) =>
        Watching.Follow(context, $"run {id}", $"workbench watch {id}", $"workbench cancel {id}", async cancellation =>
        {
            var run = await context.Workbench.GetRunState(id, cancellation, patience);
            return new Look(ProgressLine.Of(run), ProgressLine.Milestone(run), run.IsFinished
                ? (Outcome(run), run.Status == RunStatuses.Succeeded ? ExitCodes.Success : ExitCodes.RunUnsuccessful)
                : null);
        });

    /// <example>run 0196… succeeded: creativity 0.412, memorization 0.25</example>
    public static string Outcome(RunState run) => run.Status switch
    {
        RunStatuses.Succeeded => $"run {run.Id} succeeded: {MetricsText.All(run.Metrics)}",
        RunStatuses.Failed => $"run {run.Id} failed: {run.Error}",
        RunStatuses.Cancelled => $"run {run.Id} cancelled" + (run.CancellationRequestedBy is { } by ? $" by {by}" : ""),
        var status => $"run {run.Id} {status}",
    };
}
