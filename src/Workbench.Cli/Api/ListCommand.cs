using System.CommandLine;
using System.Text.Json;

namespace Workbench.Cli.Api;

/// <summary><c>workbench list [--filter EXPR] [--search TEXT] [--sort FIELD] [--format table|json|csv]</c>: the shared runs list.</summary>
public static class ListCommand
{
    public static Command Create()
    {
        var page = new Option<int>("--page") { Description = "Which page, from 1.", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "Runs per page (at most 200).", DefaultValueFactory = _ => 50 };
        var filter = new Option<string?>("--filter") { Description = "Only runs matching an expression, e.g. \"objective = teacherless and creativity > 0.3\"." };
        var search = new Option<string?>("--search") { Description = "Only runs whose text (title, spec, user) contains this." };
        var sort = new Option<string?>("--sort") { Description = "Order by this field; a leading - sorts descending, e.g. -creativity (default: newest first)." };
        var format = new Option<OutputFormat>("--format") { Description = "table for people, json (the API's answer) or csv for programs.", DefaultValueFactory = _ => OutputFormat.Table };
        var names = CsvNamesOption.Create();
        return ApiCommand.Create("list", "List runs, newest first.", [page, pageSize, filter, search, sort, format, names], async context =>
        {
            var query = new RunListQuery(context.Parsed.GetValue(page), context.Parsed.GetValue(pageSize),
                context.Parsed.GetValue(filter), context.Parsed.GetValue(search), context.Parsed.GetValue(sort));
            var json = await context.Workbench.ListRuns(query, context.Cancellation);
            var runs = JsonSerializer.Deserialize<RunPage>(json, ApiJson.Options)!;
            await context.Output.WriteAsync(context.Parsed.GetValue(format) switch
            {
                OutputFormat.Json => ApiJson.Indented(json),
                OutputFormat.Csv => RunsCsv.Of(runs.Items, context.Parsed.GetValue(names)),
                _ => RunsTable.Of(runs),
            });
            return ExitCodes.Success;
        });
    }
}
