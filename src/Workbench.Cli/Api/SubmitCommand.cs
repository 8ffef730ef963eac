using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench submit SPEC.yaml [--watch]</c>: submits a run and prints its id.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var specFile = new Argument<FileInfo>("spec-file") { Description = "The experiment spec, JSON or YAML (.yaml/.yml), e.g. kind: creativity, trainingSteps: 300." };
        var watch = new WatchOptions("Follow the run until it finishes; exit 0 only if it succeeds.");
        return ApiCommand.Create("submit", "Submit a run to the workbench and print its id.", [specFile, .. watch.Symbols], async context =>
        {
            var patience = watch.Patience(context.Parsed);
            var json = await SpecFile.ReadAsJson(context.Parsed.GetRequiredValue(specFile), context.Cancellation);
            var id = await context.Workbench.Submit(json, context.Cancellation);
            await context.Output.WriteLineAsync(id.ToString());
            return patience is { } wait ? await RunWatcher.Follow(context, id, wait) : ExitCodes.Success;
        });
    }
}
