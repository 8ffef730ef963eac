using Workbench.Engine;

namespace Workbench.Runs.Comparing;

/// <summary>
/// Names runs for people by what tells them apart. Runs of one kind (every run of a sweep or recipe) are named by the
/// parameters whose values differ between them, in the kind's parameter order: a choice by its value alone, anything
/// else as label = value, e.g. "diffusion, Temperature = 0.5". A parameter that does not apply to a run (diffusion
/// steps of a next-token run) is left out of its name. Runs of several kinds are named by their title, then, where
/// other runs of their kind are present, by what differs among those. Names that would still be equal get (1), (2) …
/// The compare page, its charts' legends, the group table, their CSV files and the CLI all name runs with this.
/// </summary>
public static class RunNames
{
    /// <summary>Values longer than this (prompts, corpora) are cut, so a name stays one short line.</summary>
    private const int MaxValueLength = 24;

    /// <returns>one name per spec, in their order, no two equal</returns>
    public static IReadOnlyList<string> Of(IReadOnlyList<ExperimentSpec> specs)
    {
        var names = new string[specs.Count];
        var kinds = specs.Select((spec, index) => (Spec: spec, Index: index)).GroupBy(run => run.Spec.GetType()).ToList();
        foreach (var kind in kinds)
        {
            var runs = kind.ToList();
            var values = runs.Select(run => SpecValues.Of(run.Spec)).ToList();
            var differing = SpecParameters.Of(kind.Key)
                .Where(parameter => values.Select(value => value.GetValueOrDefault(parameter.Name)).Distinct().Count() > 1)
                .ToList();
            for (var i = 0; i < runs.Count; i++)
            {
                var (spec, index) = runs[i];
                var parts = string.Join(", ", differing.Where(parameter => parameter.AppliesTo(spec))
                    .Select(parameter => Part(parameter, values[i].GetValueOrDefault(parameter.Name))));
                names[index] = (kinds.Count, parts.Length) switch
                {
                    (1, > 0) => parts,
                    (_, > 0) => $"{spec.Title} · {parts}",
                    _ => spec.Title,
                };
            }
        }
        return Numbered(names);
    }

    /// <summary>"diffusion" for a choice, "Temperature = 0.5" for anything else.</summary>
    private static string Part(SpecParameter parameter, string? value)
    {
        var text = value is null ? "none" : value.Length > MaxValueLength ? value[..(MaxValueLength - 1)].TrimEnd() + "…" : value;
        return parameter is { Choices: not null, IsList: false } ? text : $"{parameter.Label} = {text}";
    }

    private static string[] Numbered(string[] names)
    {
        var repeated = names.GroupBy(name => name).Where(group => group.Count() > 1).Select(group => group.Key).ToHashSet();
        var counts = new Dictionary<string, int>();
        return [.. names.Select(name => repeated.Contains(name) ? $"{name} ({counts[name] = counts.GetValueOrDefault(name) + 1})" : name)];
    }
}
