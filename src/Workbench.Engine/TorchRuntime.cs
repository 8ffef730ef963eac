using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>
/// The one place that decides where the engine computes, in what dtype pretrained models compute, and with how many
/// threads. Hosts call <see cref="Configure"/> at start-up, and a worker again for every run (a CUDA worker computes a
/// run that asked for the CPU there); the engine reads <see cref="Device"/> and <see cref="ComputeType"/>. Everything
/// that differs between the CPU and the CUDA build of the engine is behind this class, so both build from one source.
/// </summary>
public static class TorchRuntime
{
    /// <param name="ComputeType">null: bfloat16 on CUDA, float32 on the CPU</param>
    private sealed record Settings(Device Device, ScalarType? ComputeType, int Threads);

    private static Settings process = new(CPU, null, System.Environment.ProcessorCount);

    /// <summary>
    /// What <see cref="Configure"/> chose for this flow of execution: a worker's concurrent runs (Worker:Experiments &gt; 1)
    /// may each compute on another device. Code that never configured reads what the process last chose.
    /// </summary>
    private static readonly AsyncLocal<Settings?> flow = new();

    private static Settings Current => flow.Value ?? process;

    /// <summary>Where tensors and models live: the GPU when there is one (and it was not refused), else the CPU.</summary>
    public static Device Device => Current.Device;

    /// <summary>The dtype pretrained models compute in on <see cref="Device"/> (<see cref="ComputeTypeOn"/>).</summary>
    public static ScalarType ComputeType => ComputeTypeOn(Device);

    /// <summary>Whether libtorch sees a CUDA device; always false in the CPU build.</summary>
    public static bool CudaAvailable => cuda.is_available();

    /// <param name="threads">intra-op threads for torch; null or less than 1 means one per core.
    /// Results are bit-identical on the CPU only for the same thread count.</param>
    /// <param name="device">any: CUDA when torch sees a device, else the CPU; cpu: the CPU even where there is a GPU;
    /// cuda: CUDA, or an error saying why there is none</param>
    /// <param name="computeType">the dtype pretrained models compute in (float32 or bfloat16); null: bfloat16 on CUDA,
    /// float32 on the CPU. Models trained from scratch always train in float32.</param>
    /// <exception cref="InvalidOperationException">CUDA was asked for and torch sees none</exception>
    public static TorchEnvironment Configure(int? threads = null, DeviceRequirement device = DeviceRequirement.Any, ScalarType? computeType = null)
    {
        if (computeType is not (null or ScalarType.Float32 or ScalarType.BFloat16))
            throw new ArgumentException($"Compute dtype {computeType} is not supported; use float32 or bfloat16.", nameof(computeType));
        var settings = Resolve(threads, device, computeType);
        set_num_threads(settings.Threads);
        process = flow.Value = settings;
        return EnvironmentOf(settings);
    }

    /// <summary>What <see cref="Configure"/> with these arguments would choose, without choosing it (e.g. to record a run's start first).</summary>
    /// <exception cref="InvalidOperationException">CUDA was asked for and torch sees none</exception>
    public static TorchEnvironment Describe(int? threads = null, DeviceRequirement device = DeviceRequirement.Any) =>
        EnvironmentOf(Resolve(threads, device, null));

    private static Settings Resolve(int? threads, DeviceRequirement device, ScalarType? computeType)
    {
        var chosen = device switch
        {
            DeviceRequirement.Cpu => CPU,
            DeviceRequirement.Cuda => cuda.is_available() ? CUDA : throw new InvalidOperationException(
                "CUDA was asked for, but torch sees no CUDA device (a CPU build of the engine, no GPU, or no driver)."),
            _ => cuda.is_available() ? CUDA : CPU,
        };
        return new Settings(chosen, computeType, threads is > 0 ? threads.Value : System.Environment.ProcessorCount);
    }

    private static TorchEnvironment EnvironmentOf(Settings settings) => new(
        Device: DeviceName(settings.Device),
        Threads: settings.Threads,
        TorchSharpVersion: typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3) ?? "unknown",
        LibTorchVersion: ThreePart(__version__),
        GenerationEngineVersion: Generation.GenerationEngine.Version);

    /// <summary>The dtype pretrained models compute in on <paramref name="device"/>: the configured one, else bfloat16 on CUDA and float32 on the CPU.</summary>
    public static ScalarType ComputeTypeOn(Device device) =>
        Current.ComputeType ?? (device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32);

    /// <summary>"cpu" or "cuda", as runs and workers record a device.</summary>
    public static string DeviceName(Device device) => device.type == DeviceType.CUDA ? "cuda" : "cpu";

    /// <summary>"float32" or "bfloat16", as runs and workers record a dtype.</summary>
    public static string DtypeName(ScalarType dtype) => dtype == ScalarType.BFloat16 ? "bfloat16" : dtype.ToString().ToLowerInvariant();

    /// <summary>The name and memory of the GPU <c>cuda:0</c> is; null without one (always in the CPU build) or when the driver cannot tell.</summary>
    public static GpuMemory? ReadGpuMemory() => cuda.is_available() ? CudaMemory.Read() : null;

    /// <summary>
    /// Hands the pages of freed CPU tensors back to the system. libtorch allocates CPU tensors with malloc, and glibc keeps
    /// freed heap memory resident: in a long decoding loop the per-step temporaries (some vocabulary-sized, some growing
    /// with the sequence, such as attention scores) fragment the heap, and the process's resident memory crept up by about
    /// 1 MB per generated token at width 256, batch 64, vocabulary 32 000, beside the cache's 0.5 MB. Called every few
    /// steps it costs nothing measurable. Only glibc has malloc_trim; elsewhere (and on CUDA, which caches itself) it does nothing.
    /// </summary>
    public static void ReleaseFreedHostMemory()
    {
        if (Device.type != DeviceType.CPU || !OperatingSystem.IsLinux() || trimUnavailable) return;
        try
        {
            malloc_trim(0);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            trimUnavailable = true; // not glibc (e.g. musl)
        }
    }

    private static bool trimUnavailable;

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    /// <summary>TorchSharp reports libtorch as e.g. "2.10.0.0"; runs record "2.10.0".</summary>
    private static string ThreePart(string version) =>
        Version.TryParse(version, out var parsed) && parsed.Build >= 0 ? parsed.ToString(3) : version;
}
