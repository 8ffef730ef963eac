using System.CommandLine;
using System.Text.Json;
using Workbench.Engine;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench kinds [NAME] [--json]</c>: the experiment kinds and every parameter's group, meaning, range and default,
/// from the same registration the workbench validates with. Runs here; no workbench needed.
/// </summary>
public static class KindsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "A kind, e.g. creativity; every kind when left out.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the description as JSON (as GET /api/kinds answers)." };
        var command = new Command("kinds", "List the experiment kinds, or one kind's parameters and metrics.") { name, json };
        command.SetAction(parsed => Run(parsed.GetValue(name), parsed.GetValue(json)));
        return command;
    }

    private static int Run(string? name, bool json)
    {
        if (name is null)
        {
            if (json) Console.WriteLine(JsonSerializer.Serialize(ExperimentKinds.All.Select(KindDescription.Of), ExperimentJson.Options));
            else foreach (var kind in ExperimentKinds.All) Console.WriteLine($"{kind.Name,-24} {kind.Title}");
            return 0;
        }
        if (ExperimentKinds.Find(name) is not { } found)
        {
            Console.Error.WriteLine($"kind: there is no experiment kind '{name}'; there are: {string.Join(", ", ExperimentKinds.All.Select(kind => kind.Name))}");
            return 2;
        }
        var description = KindDescription.Of(found);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(description, ExperimentJson.Options));
            return 0;
        }
        Console.WriteLine($"{description.Name}: {description.Title}\n{description.Description}");
        foreach (var group in description.Parameters.GroupBy(parameter => parameter.Group))
        {
            Console.WriteLine($"\n{group.Key}");
            foreach (var parameter in group)
            {
                var facts = new[] { parameter.Type, parameter.Range, parameter.Choices is { } choices ? string.Join(" | ", choices) : null,
                    $"default {parameter.Default?.ToJsonString() ?? "none"}", parameter.AppliesWhen }.Where(fact => fact is not null);
                Console.WriteLine($"  {parameter.Name,-24} {parameter.Description}\n  {"",-24} ({string.Join("; ", facts)})");
            }
        }
        Console.WriteLine("\nMetrics");
        foreach (var metric in description.Metrics) Console.WriteLine($"  {metric.Name,-24} {metric.Label}: {metric.Description}");
        return 0;
    }
}
