namespace Workbench.Runs.Executing;

/// <summary>Bound from the "Worker" configuration section (env: Worker__Threads, Worker__Experiments).</summary>
public sealed class WorkerOptions
{
    /// <summary>Torch threads per experiment; default: every core.</summary>
    public int? Threads { get; set; }

    /// <summary>Experiments one worker process runs at once.</summary>
    public int Experiments { get; set; } = 1;
}
