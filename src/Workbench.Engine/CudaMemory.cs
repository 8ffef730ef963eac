using System.Runtime.InteropServices;
using System.Text;

namespace Workbench.Engine;

/// <summary>The name and memory of a CUDA device (<see cref="TorchRuntime.GpuMemory"/>).</summary>
public sealed record GpuMemory(string Name, long TotalBytes, long FreeBytes);

/// <summary>
/// Reads a GPU's memory through NVML (<c>libnvidia-ml.so.1</c>, which the NVIDIA driver installs and the container
/// toolkit mounts), because TorchSharp exposes no memory query. NVML reads the driver's figures without creating a CUDA
/// context. Only <see cref="TorchRuntime"/> calls it, and only when torch computes on CUDA.
/// </summary>
internal static class CudaMemory
{
    private const string Library = "libnvidia-ml.so.1";
    private const int Success = 0;

    /// <summary>The device torch's <c>cuda:0</c> is, or null when NVML is missing or answers with an error.</summary>
    public static GpuMemory? Read()
    {
        try
        {
            if (nvmlInit_v2() != Success) return null;
            try
            {
                if (Device() is not { } device) return null;
                if (nvmlDeviceGetMemoryInfo(device, out var memory) != Success) return null;
                var name = new byte[96];
                var text = nvmlDeviceGetName(device, name, (uint)name.Length) == Success
                    ? Encoding.ASCII.GetString(name, 0, Math.Max(0, Array.IndexOf(name, (byte)0))) : "CUDA device";
                return new GpuMemory(text, (long)memory.Total, (long)memory.Free);
            }
            finally
            {
                nvmlShutdown();
            }
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// NVML numbers every GPU of the machine, CUDA only the visible ones: <c>cuda:0</c> is the first entry of
    /// CUDA_VISIBLE_DEVICES (an index or a UUID) when it is set.
    /// </summary>
    private static IntPtr? Device()
    {
        var first = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")?.Split(',')[0].Trim();
        IntPtr device;
        var found = first is { Length: > 0 } && !uint.TryParse(first, out _)
            ? nvmlDeviceGetHandleByUUID(first, out device)
            : nvmlDeviceGetHandleByIndex_v2(uint.TryParse(first, out var index) ? index : 0, out device);
        return found == Success ? device : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [DllImport(Library)] private static extern int nvmlInit_v2();
    [DllImport(Library)] private static extern int nvmlShutdown();
    [DllImport(Library)] private static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);
    [DllImport(Library)] private static extern int nvmlDeviceGetHandleByUUID([MarshalAs(UnmanagedType.LPStr)] string uuid, out IntPtr device);
    [DllImport(Library)] private static extern int nvmlDeviceGetMemoryInfo(IntPtr device, out NvmlMemory memory);
    [DllImport(Library)] private static extern int nvmlDeviceGetName(IntPtr device, byte[] name, uint length);
}
