using System.Text.Json;
using Workbench.Engine;

namespace Workbench.Runs.Grouping;

public enum GroupKind { Sweep, Recipe }

/// <summary>One varied parameter and the values it takes, in the order they were given; values are JSON as in a spec.</summary>
/// <param name="Parameter">a spec parameter's JSON name (e.g. "temperature"), or for recipes a label such as "method"</param>
public sealed record GroupAxis(string Parameter, IReadOnlyList<JsonElement> Values);

/// <summary>A researcher started a group of runs: a sweep over a grid of parameters, or a named recipe.</summary>
/// <param name="Recipe">the recipe's name, for <see cref="GroupKind.Recipe"/>; null for a sweep</param>
/// <param name="Axes">what varies between the group's runs, in the order the results table shows it</param>
/// <param name="BaseSpec">the spec every run starts from before its parameters are set</param>
public sealed record GroupCreated(
    Guid GroupId, string Name, GroupKind Kind, string? Recipe, IReadOnlyList<GroupAxis> Axes, ExperimentSpec BaseSpec, string CreatedBy, int PlannedRuns);

/// <summary>One of the group's runs was submitted, with the value of every axis for it.</summary>
public sealed record GroupRunSubmitted(Guid RunId, IReadOnlyDictionary<string, JsonElement> Parameters);
