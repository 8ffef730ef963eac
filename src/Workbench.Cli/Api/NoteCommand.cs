using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench note ID TEXT</c>: adds a note to a run, recorded as an event with who wrote it.</summary>
public static class NoteCommand
{
    public static Command Create()
    {
        var id = new Argument<Guid>("id") { Description = "The run." };
        var text = new Argument<string>("text") { Description = "The note (quote it); search finds its words." };
        return ApiCommand.Create("note", "Add a note to a run; the run page shows it with your name.", [id, text], async context =>
        {
            var run = context.Parsed.GetRequiredValue(id);
            await context.Workbench.AddNote(run, context.Parsed.GetRequiredValue(text), context.Cancellation);
            await context.Output.WriteLineAsync($"note added to run {run}");
            return ExitCodes.Success;
        });
    }
}
