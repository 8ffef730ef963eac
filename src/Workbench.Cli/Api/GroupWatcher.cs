namespace Workbench.Cli.Api;

/// <summary>
/// Follows a sweep or recipe until every run has finished (<c>group watch</c>, and <c>--watch</c> on sweep and
/// recipe run): its progress, then the results table. Exit code 0 if every run succeeded,
/// <see cref="ExitCodes.RunUnsuccessful"/> if any failed or was cancelled.
/// </summary>
public static class GroupWatcher
{
    /// <param name="patience">how long a workbench that does not answer is waited for</param>
    public static Task<int> Follow(ApiContext context, Guid id, TimeSpan patience) =>
        Watching.Follow(context, $"group {id}", $"workbench group watch {id}", $"workbench group cancel {id}", async cancellation =>
        {
            var details = context.Workbench.Parse<GroupDetails>(await context.Workbench.GetGroup(id, cancellation, patience));
            var group = details.Group;
            return new Look(GroupText.Progress(group), $"{group.Finished}", group.IsFinished
                ? ($"group {id} finished: {GroupText.Counts(group)}\n{GroupText.Results(details).TrimEnd()}",
                   group.Succeeded == group.Runs ? ExitCodes.Success : ExitCodes.RunUnsuccessful)
                : null);
        });

    /// <summary>What sweep and recipe run print: the group's id on standard output, then, if asked, its runs followed.</summary>
    /// <param name="patience">null unless --watch was given</param>
    public static async Task<int> Submitted(ApiContext context, SubmittedGroup submitted, TimeSpan? patience)
    {
        await context.Output.WriteLineAsync(submitted.GroupId.ToString());
        await context.Error.WriteLineAsync($"{submitted.RunIds.Count} run{(submitted.RunIds.Count == 1 ? "" : "s")} submitted as group {submitted.GroupId}");
        return patience is { } wait ? await Follow(context, submitted.GroupId, wait) : ExitCodes.Success;
    }
}
