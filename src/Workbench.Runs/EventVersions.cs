using Workbench.Runs.Executing;

namespace Workbench.Runs;

/// <summary>
/// Events whose shape changed, by the type name earlier versions stored them under: the store upcasts them on read,
/// and an imported archive written by an earlier version is upcast the same way.
/// </summary>
public static class EventVersions
{
    public sealed record OldVersion(string TypeName, Type Type, Func<object, object> Upcast);

    public static IReadOnlyList<OldVersion> All { get; } =
    [
        new(RunStartedV1.EventTypeName, typeof(RunStartedV1), old => ((RunStartedV1)old).Upcast()),
        new(EvaluationCompletedV1.EventTypeName, typeof(EvaluationCompletedV1), old => ((EvaluationCompletedV1)old).Upcast()),
    ];

    /// <summary>Today's events stored under a new name, so that the old name keeps meaning the old shape.</summary>
    public static IReadOnlyDictionary<Type, string> CurrentNames { get; } = new Dictionary<Type, string>
    {
        [typeof(RunStarted)] = "run_started_v2",
        [typeof(EvaluationCompleted)] = "evaluation_completed_v2",
    };
}
