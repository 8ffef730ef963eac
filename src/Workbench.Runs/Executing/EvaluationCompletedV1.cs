using Workbench.Engine;
using Workbench.Engine.Creativity;

namespace Workbench.Runs.Executing;

/// <summary>
/// <see cref="EvaluationCompleted"/> as versions before kinds were registered wrote it ("evaluation_completed"): every
/// example a creativity <see cref="LabelledSample"/> (coherent, memorized, duplicate), whose labels resampling runs reused.
/// Old streams are upcast on read.
/// </summary>
public sealed record EvaluationCompletedV1(
    int Attempt, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<LabelledSample> Examples, string? Details = null,
    IReadOnlyList<Curve>? Curves = null)
{
    public const string EventTypeName = "evaluation_completed";

    /// <summary>The whole sample set of a creativity run was its details artifact: the run page reads it as the examples.</summary>
    public EvaluationCompleted Upcast() =>
        new(Attempt, Metrics, [.. Examples.Select(example => example.AsExample())], Details, Curves, AllExamples: Examples.Count > 0 ? Details : null);
}
