using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench watch ID</c>: a live progress bar until the run finishes, through restarts of the workbench.</summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var id = new Argument<Guid>("id") { Description = "The run." };
        var giveUpAfter = WatchOptions.GiveUp();
        return ApiCommand.Create("watch", "Follow a run until it finishes; exit 0 if it succeeded, 1 if it failed or was cancelled.", [id, giveUpAfter],
            context => RunWatcher.Follow(context, context.Parsed.GetRequiredValue(id), WatchOptions.PatienceOf(context.Parsed, giveUpAfter)));
    }
}
