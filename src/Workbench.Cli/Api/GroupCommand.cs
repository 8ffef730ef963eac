using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench group list|show|watch|cancel</c>: sweeps and recipes, as the web's Groups pages show them.</summary>
public static class GroupCommand
{
    public static Command Create() => new("group", "Sweeps and recipes: list them, show one's results, follow one, cancel one.")
    {
        List(), Show(), Watch(), Cancel(),
    };

    private static Command List()
    {
        var page = new Option<int>("--page") { Description = "Which page, from 1.", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "Groups per page (at most 200).", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print the page as the API returns it (JSON)." };
        return ApiCommand.Create("list", "List sweeps and recipes, newest first, with how far each has got.", [page, pageSize, json], async context =>
        {
            var (number, size) = (context.Parsed.GetValue(page), context.Parsed.GetValue(pageSize));
            var answer = await context.Workbench.ListGroups(number, size, context.Cancellation);
            if (context.Parsed.GetValue(json))
            {
                await context.Output.WriteAsync(ApiJson.Indented(answer));
                return ExitCodes.Success;
            }
            var groups = context.Workbench.Parse<GroupPage>(answer);
            await context.Output.WriteAsync(TextTable.Of(["ID", "NAME", "KIND", "USER", "CREATED", "PROGRESS"], groups.Items.Select(group => new[]
            {
                group.Id.ToString(), TextTable.Shortened(group.Name), group.Kind, group.CreatedBy,
                TextTable.Time(group.CreatedAt), $"{group.Finished}/{group.Runs} finished: {GroupText.Counts(group)}",
            })) + TextTable.PageLine(groups.Page, groups.PageSize, groups.Total, "group"));
            return ExitCodes.Success;
        });
    }

    private static Command Show()
    {
        var id = new Argument<Guid>("id") { Description = "The group (sweep or recipe run)." };
        var format = new Option<OutputFormat>("--format")
        {
            Description = "table: the group and a row per run (named by what differs, its status and metrics); csv: the results table as the web downloads it; json: the API's answer.",
            DefaultValueFactory = _ => OutputFormat.Table,
        };
        var names = CsvNamesOption.Create();
        return ApiCommand.Create("show", "Show a group: what it varies, how far it has got, and each run's results.", [id, format, names], async context =>
        {
            var group = context.Parsed.GetRequiredValue(id);
            await context.Output.WriteAsync(context.Parsed.GetValue(format) switch
            {
                OutputFormat.Csv => await context.Workbench.GroupResultsCsv(group, CsvNamesOption.Query(context.Parsed.GetValue(names)), context.Cancellation),
                OutputFormat.Json => ApiJson.Indented(await context.Workbench.GetGroup(group, context.Cancellation)),
                _ => GroupText.Of(context.Workbench.Parse<GroupDetails>(await context.Workbench.GetGroup(group, context.Cancellation))),
            });
            return ExitCodes.Success;
        });
    }

    private static Command Watch()
    {
        var id = new Argument<Guid>("id") { Description = "The group." };
        var giveUpAfter = WatchOptions.GiveUp();
        return ApiCommand.Create("watch", "Follow a group until all its runs have finished, then print its results; exit 0 if every run succeeded, 1 if not.",
            [id, giveUpAfter], context => GroupWatcher.Follow(context, context.Parsed.GetRequiredValue(id), WatchOptions.PatienceOf(context.Parsed, giveUpAfter)));
    }

    private static Command Cancel()
    {
        var id = new Argument<Guid>("id") { Description = "The group." };
        return ApiCommand.Create("cancel", "Cancel every unfinished run of a group: queued ones at once, running ones are asked to stop.", [id], async context =>
        {
            var group = context.Parsed.GetRequiredValue(id);
            var counts = await context.Workbench.CancelGroup(group, context.Cancellation);
            await context.Output.WriteLineAsync(
                $"group {group}: {counts.Cancelled} cancelled, {counts.Stopping} asked to stop, {counts.AlreadyFinished} had already finished");
            return ExitCodes.Success;
        });
    }
}
