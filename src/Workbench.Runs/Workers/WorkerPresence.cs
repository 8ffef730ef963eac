using Workbench.Engine;
using Workbench.Runs.Executing;
using Workbench.Runs.Models;

namespace Workbench.Runs.Workers;

/// <summary>
/// A worker process as it last said it is, written by the worker itself (<see cref="WorkerPresenceReporter"/>) when it
/// starts, with every heartbeat, and when a run begins or ends; removed when it stops. Hangfire's server list knows
/// only queues and heartbeats: the device, GPU memory, current runs and models are here. One document per process.
/// </summary>
/// <param name="Id">host:pid, as runs name the worker</param>
/// <param name="Device">"cpu" or "cuda"</param>
/// <param name="ComputeType">the dtype pretrained models compute in: "float32" or "bfloat16"</param>
/// <param name="Gpu">the GPU's name and memory on a CUDA worker; null on the CPU</param>
/// <param name="MemoryBytes">what pretrained models must fit in: the GPU's memory on CUDA, the host's on the CPU; 0 when unknown</param>
/// <param name="Slots">experiments it runs at once</param>
/// <param name="ModelsProblem">why it sees no models at all (its folder does not exist), or null</param>
/// <param name="Code">the commit it was built from</param>
/// <param name="StartedAt">when it started, by the database's clock</param>
/// <param name="LastSeen">when it last wrote this, by the database's clock</param>
public sealed record WorkerPresence(
    string Id, string Host, int ProcessId, string Device, string ComputeType, GpuMemory? Gpu, long MemoryBytes, IReadOnlyList<string> Queues,
    int Slots, bool TakesCpuWork, IReadOnlyList<RunInProgress> Running, string ModelsPath, string? ModelsProblem,
    IReadOnlyList<VisibleModel> Models, CodeVersion Code, DateTimeOffset StartedAt, DateTimeOffset LastSeen);
