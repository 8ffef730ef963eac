using Workbench.Engine;
using Workbench.Runs.Executing;
using Workbench.Runs.Submitting;
using static TorchSharp.torch;

namespace Workbench.Runs.Workers;

/// <summary>What this worker process is: its name, where it computes, the dtype of pretrained models, the queues it serves.</summary>
/// <param name="Name">host:pid, the Hangfire server name (Hangfire adds a unique suffix to it)</param>
/// <param name="Device">"cpu" or "cuda"</param>
/// <param name="ComputeType">Worker:ComputeType; null: bfloat16 on CUDA, float32 on the CPU</param>
/// <param name="Slots">experiments it runs at once (Worker:Experiments)</param>
/// <param name="MemoryBytes">what pretrained models must fit in: the GPU's memory on CUDA, the host's on the CPU; 0 when unknown</param>
public sealed record WorkerCapabilities(
    string Name, string Device, ScalarType? ComputeType, IReadOnlyList<string> Queues, bool TakesCpuWork, int Slots, long MemoryBytes)
{
    /// <summary>Decides once, at start: the device (touching libtorch, so a worker asked for CUDA without one fails at once, saying why) and the queues.</summary>
    /// <exception cref="InvalidOperationException">a setting names something this worker cannot do</exception>
    public static WorkerCapabilities Resolve(string name, WorkerOptions options)
    {
        var computeType = options.ComputeType?.Trim().ToLowerInvariant() switch
        {
            null or "" => (ScalarType?)null,
            "float32" => ScalarType.Float32,
            "bfloat16" => ScalarType.BFloat16,
            var other => throw new InvalidOperationException($"Worker:ComputeType is \"{other}\"; it must be float32 or bfloat16."),
        };
        string device;
        try
        {
            device = TorchRuntime.Configure(options.Threads, options.Device, computeType).Device;
        }
        catch (InvalidOperationException error)
        {
            throw new InvalidOperationException($"Worker:Device is {options.Device}: {error.Message}", error);
        }
        var takesCpuWork = options.TakeCpuWork && device == "cuda";
        var memory = device == "cuda" ? TorchRuntime.ReadGpuMemory()?.TotalBytes ?? 0 : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new WorkerCapabilities(name, device, computeType, RunQueues.ServedBy(device, takesCpuWork), takesCpuWork, options.Experiments, memory);
    }

    /// <summary>The dtype pretrained models compute in on this worker's device: "float32" or "bfloat16".</summary>
    public string ComputeTypeName => TorchRuntime.DtypeName(ComputeType ?? (Device == "cuda" ? ScalarType.BFloat16 : ScalarType.Float32));

    /// <summary>Where this worker computes a run that needs <paramref name="need"/>: on the CPU when it asked for it, else on the worker's device.</summary>
    public DeviceRequirement DeviceFor(DeviceRequirement need) =>
        need == DeviceRequirement.Cpu || Device == "cpu" ? DeviceRequirement.Cpu : DeviceRequirement.Cuda;
}
