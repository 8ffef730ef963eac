using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench import run.json</c>: brings an exported run into this workbench, under its original id.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var archive = new Argument<FileInfo>("file") { Description = "A run archive, as workbench export (or the run page's download) writes it." };
        return ApiCommand.Create("import", "Import an exported run and print its id.", [archive], async context =>
        {
            var file = context.Parsed.GetRequiredValue(archive);
            if (!file.Exists) throw new WorkbenchRefused($"no such file: {file.FullName}", ExitCodes.Refused);
            await using var content = file.OpenRead();
            await context.Output.WriteLineAsync((await context.Workbench.Import(content, context.Cancellation)).ToString());
            return ExitCodes.Success;
        });
    }
}
