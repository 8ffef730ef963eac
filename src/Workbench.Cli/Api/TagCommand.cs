using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench tag ID TAG [--remove]</c>: tags a run (or takes a tag off), recorded as an event with who did it.</summary>
public static class TagCommand
{
    public static Command Create()
    {
        var id = new Argument<Guid>("id") { Description = "The run." };
        var tag = new Argument<string>("tag") { Description = "Letters, digits, '-', '_', '.' or ':' (no spaces), e.g. baseline." };
        var remove = new Option<bool>("--remove") { Description = "Take the tag off instead." };
        return ApiCommand.Create("tag", "Tag a run, or take a tag off it with --remove; `list --filter \"tag = T\"` finds tagged runs.", [id, tag, remove], async context =>
        {
            var (run, name) = (context.Parsed.GetRequiredValue(id), context.Parsed.GetRequiredValue(tag));
            if (context.Parsed.GetValue(remove))
                await context.Output.WriteLineAsync(await context.Workbench.Untag(run, name, context.Cancellation)
                    ? $"run {run}: tag {name} removed" : $"run {run} had no tag {name}");
            else
                await context.Output.WriteLineAsync(await context.Workbench.Tag(run, name, context.Cancellation)
                    ? $"run {run} tagged {name}" : $"run {run} was already tagged {name}");
            return ExitCodes.Success;
        });
    }
}
