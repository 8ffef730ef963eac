using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Creativity;

namespace Workbench.Runs.Executing;

/// <summary>Reads a run's examples artifact (<see cref="EvaluationCompleted.AllExamples"/>).</summary>
public static class RunExamples
{
    /// <summary>
    /// Every example, also from an artifact an earlier version wrote: a creativity run's sample set, whose examples
    /// carry coherent/memorized/duplicate flags instead of labels (<see cref="EvaluationCompletedV1"/>). Null when the
    /// artifact is not a list of examples.
    /// </summary>
    public static IReadOnlyList<LabelledExample>? Read(byte[] artifact)
    {
        using var document = JsonDocument.Parse(artifact);
        if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
        var items = document.RootElement.EnumerateArray().ToList();
        if (items.Count > 0 && items[0].TryGetProperty("coherent", out _))
            return [.. document.RootElement.Deserialize<List<LabelledSample>>(ExperimentJson.Options)!.Select(sample => sample.AsExample())];
        return document.RootElement.Deserialize<List<LabelledExample>>(ExperimentJson.Options);
    }
}
