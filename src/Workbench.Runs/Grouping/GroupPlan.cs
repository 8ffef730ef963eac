using System.Text.Json;
using Workbench.Engine;

namespace Workbench.Runs.Grouping;

/// <summary>Everything a group will submit, every spec already valid: what <see cref="SubmitGroup"/> records.</summary>
/// <param name="Recipe">the recipe's name, or null for a sweep</param>
public sealed record GroupPlan(
    string Name, GroupKind Kind, string? Recipe, IReadOnlyList<GroupAxis> Axes, ExperimentSpec BaseSpec, IReadOnlyList<PlannedRun> Runs);

/// <param name="Parameters">the value of each axis for this run</param>
public sealed record PlannedRun(IReadOnlyDictionary<string, JsonElement> Parameters, ExperimentSpec Spec);

public static class AxisValues
{
    /// <summary>How a value reads in tables and messages: strings bare, everything else as JSON.</summary>
    public static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
