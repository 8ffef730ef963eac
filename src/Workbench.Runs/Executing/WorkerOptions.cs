using Workbench.Engine;

namespace Workbench.Runs.Executing;

/// <summary>Bound from the "Worker" configuration section (env: Worker__Threads, Worker__Experiments, …).</summary>
public sealed class WorkerOptions
{
    /// <summary>Torch threads per experiment; default: every core.</summary>
    public int? Threads { get; set; }

    /// <summary>Experiments one worker process runs at once.</summary>
    public int Experiments { get; set; } = 1;

    /// <summary>
    /// How long a run's worker waits out a database it cannot reach (its training paused) before it gives the attempt up,
    /// leaving the run to the reconciler.
    /// </summary>
    public TimeSpan RetryDatabaseFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A file the worker rewrites while it is healthy (database and queue reachable, its server heartbeating), for container health checks; none by default.</summary>
    public string? HealthFile { get; set; }

    /// <summary>Where the worker computes: any (CUDA when torch sees a GPU, else the CPU), cpu, or cuda (refusing to start without one).</summary>
    public DeviceRequirement Device { get; set; } = DeviceRequirement.Any;

    /// <summary>A CUDA worker also takes runs that need the CPU, when no CUDA or any-device run waits (and computes them on the CPU).</summary>
    public bool TakeCpuWork { get; set; }

    /// <summary>The dtype pretrained models compute in: float32 or bfloat16; none: bfloat16 on CUDA, float32 on the CPU.</summary>
    public string? ComputeType { get; set; }
}
