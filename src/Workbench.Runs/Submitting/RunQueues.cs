using Workbench.Engine;

namespace Workbench.Runs.Submitting;

/// <summary>
/// The job queues, one per device a run may need (<see cref="ExperimentSpec.Device"/>), and which of them a worker serves.
/// A worker fetches from the queue whose name sorts first (Hangfire.PostgreSql orders by queue name, not by a server's
/// list), so the names carry the order a CUDA worker prefers: CUDA work, then work for any device, then CPU work.
/// </summary>
public static class RunQueues
{
    public const string Cuda = "1-cuda";
    public const string Any = "2-any";
    public const string Cpu = "3-cpu";

    /// <summary>The one queue of runs recorded before queues followed devices; every worker still serves it, as runs for any device.</summary>
    public const string Legacy = "experiments";

    /// <summary>The queue a run goes to.</summary>
    public static string For(DeviceRequirement device) => device switch
    {
        DeviceRequirement.Cuda => Cuda,
        DeviceRequirement.Cpu => Cpu,
        _ => Any,
    };

    /// <summary>
    /// What a worker computing on <paramref name="device"/> ("cpu" or "cuda") serves: a CPU worker never takes a run that
    /// needs CUDA; a CUDA worker takes CUDA and any-device runs, and runs that need the CPU only with
    /// <paramref name="takesCpuWork"/> — and then, by the names' order, only when no other run waits for it.
    /// </summary>
    public static IReadOnlyList<string> ServedBy(string device, bool takesCpuWork) => device == "cuda"
        ? takesCpuWork ? [Cuda, Any, Cpu, Legacy] : [Cuda, Any, Legacy]
        : [Any, Cpu, Legacy];

    /// <summary>The device a queue's runs need, in words, for messages.</summary>
    public static string Describe(string queue) => queue switch
    {
        Cuda => "runs that need CUDA",
        Cpu => "runs that need the CPU",
        _ => "runs for any device",
    };
}
