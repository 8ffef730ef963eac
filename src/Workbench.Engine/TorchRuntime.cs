using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Engine;

/// <summary>
/// The one place that decides where the engine computes and with how many threads. Hosts call
/// <see cref="Configure"/> once at start-up (again only to change the thread count); the engine reads
/// <see cref="Device"/>.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Where tensors and models live: the GPU when there is one, else the CPU.</summary>
    public static Device Device { get; private set; } = CPU;

    /// <param name="threads">intra-op threads for torch; null or less than 1 means one per core.
    /// Results are bit-identical on the CPU only for the same thread count.</param>
    public static TorchEnvironment Configure(int? threads = null)
    {
        var count = threads is > 0 ? threads.Value : Environment.ProcessorCount;
        set_num_threads(count);
        Device = cuda.is_available() ? CUDA : CPU;
        return new TorchEnvironment(
            Device: Device.type == DeviceType.CUDA ? "cuda" : "cpu",
            Threads: count,
            TorchSharpVersion: typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3) ?? "unknown",
            LibTorchVersion: ThreePart(__version__),
            GenerationEngineVersion: Generation.GenerationEngine.Version);
    }

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
