using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench replay ID [--watch]</c>: runs a finished run again, with the same spec and seeds, as a new run.</summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var id = new Argument<Guid>("id") { Description = "The finished run to repeat." };
        var watch = new WatchOptions("Follow the new run until it finishes; exit 0 only if it succeeds.");
        return ApiCommand.Create("replay", "Replay a finished run as a new run and print the new run's id.", [id, .. watch.Symbols], async context =>
        {
            var patience = watch.Patience(context.Parsed);
            var replay = await context.Workbench.Replay(context.Parsed.GetRequiredValue(id), context.Cancellation);
            await context.Output.WriteLineAsync(replay.ToString());
            return patience is { } wait ? await RunWatcher.Follow(context, replay, wait) : ExitCodes.Success;
        });
    }
}
