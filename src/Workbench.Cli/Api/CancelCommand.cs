using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench cancel ID</c>: a waiting run is cancelled at once, a running one is asked to stop.</summary>
public static class CancelCommand
{
    public static Command Create()
    {
        var id = new Argument<Guid>("id") { Description = "The run." };
        return ApiCommand.Create("cancel", "Cancel a queued or running run.", [id], async context =>
        {
            var run = context.Parsed.GetRequiredValue(id);
            var outcome = await context.Workbench.Cancel(run, context.Cancellation);
            // The server names the outcome as its CancelOutcome enum: "Cancelled" or "CancellationRequested".
            await context.Output.WriteLineAsync(outcome.Equals("CancellationRequested", StringComparison.OrdinalIgnoreCase)
                ? $"run {run}: its worker is asked to stop (workbench watch {run} shows when it has)"
                : $"run {run} {outcome.ToLowerInvariant()}");
            return ExitCodes.Success;
        });
    }
}
