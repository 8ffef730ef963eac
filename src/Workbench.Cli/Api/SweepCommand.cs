using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench sweep SPEC --axis name=v1,v2 … [--grid FILE] [--name N] [--watch]</c>: a grid of runs as one group.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var specFile = new Argument<FileInfo>("spec-file") { Description = "The spec every run starts from, JSON or YAML, as for submit." };
        var axes = new Option<string[]>("--axis")
        {
            Description = "A parameter and its values, e.g. --axis temperature=0,0.5,1 (repeat for more axes; every combination runs). " +
                "A value is JSON when it is JSON, text otherwise.",
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "name=v1,v2",
        };
        var grid = new Option<FileInfo?>("--grid") { HelpName = "file", Description = "A YAML or JSON file giving each parameter its values, e.g. \"objective: [nextToken, diffusion]\" a line." };
        var name = new Option<string?>("--name") { HelpName = "name", Description = "The group's name (default: its axes, e.g. \"objective × seed\")." };
        var watch = new WatchOptions("Follow the runs until all have finished, then print the results; exit 0 only if every one succeeded.");
        return ApiCommand.Create("sweep", "Submit a sweep: a run for every combination of the axes' values (at most 200), as one group; print its id.",
            [specFile, axes, grid, name, .. watch.Symbols], async context =>
            {
                var patience = watch.Patience(context.Parsed);
                var spec = context.Parsed.GetRequiredValue(specFile);
                var gridFile = context.Parsed.GetValue(grid);
                var body = SweepRequest.Json(
                    await SpecFile.ReadAsJson(spec, context.Cancellation), spec.Name,
                    gridFile is null ? null : await SpecFile.ReadAsJson(gridFile, context.Cancellation), gridFile?.Name ?? "",
                    context.Parsed.GetValue(axes) ?? [], context.Parsed.GetValue(name));
                var submitted = await context.Workbench.SubmitSweep(body, context.Cancellation);
                return await GroupWatcher.Submitted(context, submitted, patience);
            });
    }
}
