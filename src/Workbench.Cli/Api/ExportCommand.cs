using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench export ID -o run.json</c>: the run's whole event stream and artifacts in one file, for <c>import</c>.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var id = new Argument<Guid>("id") { Description = "The run." };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default run-ID.json; - for standard output)." };
        return ApiCommand.Create("export", "Export a run (its events and artifacts) to a file that another workbench can import.", [id, output], async context =>
        {
            var run = context.Parsed.GetRequiredValue(id);
            var path = context.Parsed.GetValue(output) ?? $"run-{run}.json";
            if (path == "-")
            {
                // Through the output writer (the archive is UTF-8 JSON), so it goes wherever the invocation's output does.
                using var archive = new MemoryStream();
                await context.Workbench.Export(run, archive, context.Cancellation);
                await context.Output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(archive.ToArray()));
                return ExitCodes.Success;
            }
            // Into a temporary file first: a failed export leaves no half-written archive under the name asked for.
            var partial = path + ".partial";
            try
            {
                await using (var file = File.Create(partial)) await context.Workbench.Export(run, file, context.Cancellation);
                File.Move(partial, path, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            await context.Output.WriteLineAsync($"exported run {run} to {Path.GetFullPath(path)} ({new FileInfo(path).Length:N0} bytes)");
            return ExitCodes.Success;
        });
    }
}
