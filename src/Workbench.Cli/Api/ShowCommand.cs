using System.CommandLine;
using System.Text.Json;

namespace Workbench.Cli.Api;

/// <summary><c>workbench show ID [--json]</c>: a run's state, projected from its events: status, spec, metrics, error.</summary>
public static class ShowCommand
{
    public static Command Create()
    {
        var id = new Argument<Guid>("id") { Description = "The run." };
        var raw = new Option<bool>("--json") { Description = "Print the state as the API returns it (JSON)." };
        return ApiCommand.Create("show", "Show a run: status, spec, metrics and error.", [id, raw], async context =>
        {
            var json = await context.Workbench.GetRun(context.Parsed.GetRequiredValue(id), context.Cancellation);
            await context.Output.WriteAsync(context.Parsed.GetValue(raw)
                ? ApiJson.Indented(json)
                : RunText.Of(JsonSerializer.Deserialize<RunState>(json, ApiJson.Options)!));
            return ExitCodes.Success;
        });
    }
}
