namespace Workbench.Runs.Reconciling;

/// <summary>Bound from the "Reconciler" configuration section (env: Reconciler__Interval, Reconciler__Grace, Reconciler__MaxRequeues).</summary>
public sealed class ReconcilerOptions
{
    /// <summary>How often the unfinished runs are checked against the queue.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a submit may take between its steps before the reconciler finishes it.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this many requeues a run that still cannot finish is recorded as failed.</summary>
    public int MaxRequeues { get; set; } = 3;
}
