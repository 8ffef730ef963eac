namespace Workbench.Engine;

/// <summary>Where a run may compute (<see cref="ExperimentSpec.Device"/>), or where a host computes (<see cref="TorchRuntime.Configure"/>).</summary>
public enum DeviceRequirement
{
    /// <summary>A run: any worker. A host: CUDA when torch sees a GPU, else the CPU.</summary>
    Any,
    Cpu,
    Cuda,
}
