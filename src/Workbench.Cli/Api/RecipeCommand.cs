using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary><c>workbench recipe list|run NAME</c>: the paper figures' studies, each submitted as one group.</summary>
public static class RecipeCommand
{
    public static Command Create() => new("recipe", "Recipes: named studies (a paper figure's runs) submitted as one group.")
    {
        List(), Run(),
    };

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print the recipes as the API returns them (JSON, with their axes and figures)." };
        return ApiCommand.Create("list", "List the recipes: name, how many runs, of which kind, and what each reproduces.", [json], async context =>
        {
            var answer = await context.Workbench.Recipes(context.Cancellation);
            await context.Output.WriteAsync(context.Parsed.GetValue(json)
                ? ApiJson.Indented(answer)
                : TextTable.Of(["NAME", "RUNS", "KIND", "TITLE"], context.Workbench.Parse<List<RecipeSummary>>(answer)
                    .Select(recipe => new[] { recipe.Name, recipe.Runs.ToString(), recipe.Experiment, recipe.Title })));
            return ExitCodes.Success;
        });
    }

    private static Command Run()
    {
        var name = new Argument<string>("name") { Description = "The recipe, as recipe list names it, e.g. multi-token-vs-next-token." };
        var watch = new WatchOptions("Follow the runs until all have finished, then print the results; exit 0 only if every one succeeded.");
        return ApiCommand.Create("run", "Submit a recipe's runs as one group and print the group's id.", [name, .. watch.Symbols], async context =>
        {
            var patience = watch.Patience(context.Parsed);
            var submitted = await context.Workbench.SubmitRecipe(context.Parsed.GetRequiredValue(name), context.Cancellation);
            return await GroupWatcher.Submitted(context, submitted, patience);
        });
    }
}
