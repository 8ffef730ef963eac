using System.CommandLine;
using System.Text.Json;

namespace Workbench.Cli.Api;

/// <summary><c>workbench compare ID ID … [--format table|csv|json]</c>: runs side by side, as the web's Compare page shows them.</summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var ids = new Argument<Guid[]>("ids") { Description = "2 to 10 runs.", Arity = ArgumentArity.OneOrMore, HelpName = "id" };
        var format = new Option<OutputFormat>("--format")
        {
            Description = "table: a row per run, named by what differs, with its final metrics; csv: also the differing spec parameters, for spreadsheets; " +
                "json: the API's answer, with every curve's points.",
            DefaultValueFactory = _ => OutputFormat.Table,
        };
        var names = CsvNamesOption.Create();
        return ApiCommand.Create("compare", "Compare runs: what differs in their specs, their final metrics, their curves.", [ids, format, names], async context =>
        {
            var runs = context.Parsed.GetRequiredValue(ids);
            var chosen = context.Parsed.GetValue(format);
            var answer = await context.Workbench.Compare(runs, chosen == OutputFormat.Csv ? "csv" : "json",
                CsvNamesOption.Query(context.Parsed.GetValue(names)), context.Cancellation);
            await context.Output.WriteAsync(chosen switch
            {
                OutputFormat.Csv => answer,
                OutputFormat.Json => ApiJson.Indented(answer),
                _ => ComparisonText.Of(context.Workbench.Parse<RunComparison>(answer)),
            });
            return ExitCodes.Success;
        });
    }
}
