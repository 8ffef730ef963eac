using System.Diagnostics;
using System.Globalization;

namespace Workbench.Cli;

/// <summary>What the benchmark commands read of this process: tokens per second of wall-clock and of CPU time, and the peak resident memory.</summary>
internal static class ProcessMeasure
{
    private const string Status = "/proc/self/status";

    /// <returns>tokens per second of wall-clock time and of this process's CPU time (on a shared machine the wall clock also measures the neighbours)</returns>
    public static (double Wall, double Cpu) TokensPerSecond(Action work, long tokens)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        work();
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (tokens / wall, tokens / (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    /// <summary>The process's peak resident set size: VmHWM from /proc/self/status on Linux.</summary>
    public static long PeakResidentBytes()
    {
        if (File.Exists(Status))
            foreach (var line in File.ReadLines(Status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return 1024 * long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture); // "  123456 kB"
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    /// <summary>
    /// Lowers the peak to what is resident now (Linux: "5" to /proc/self/clear_refs), so that the next
    /// <see cref="PeakResidentBytes"/> is the peak of what ran in between rather than of everything since the process began.
    /// </summary>
    /// <returns>false where the kernel offers no reset: the peak then stays the whole process's</returns>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
