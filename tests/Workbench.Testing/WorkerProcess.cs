using System.Diagnostics;
using System.Text;

namespace Workbench.Testing;

/// <summary>
/// A real worker: the built Workbench.Worker program in its own process, as infra/run.sh starts it.
/// It can be stopped politely (SIGTERM, as Ctrl-C does) or killed, as a crash would.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WorkerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) => Record(line.Data);
        process.ErrorDataReceived += (_, line) => Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    /// <summary>What the worker printed so far, for failure messages.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static WorkerProcess Start(string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [WorkerAssembly()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Workbench"] = connectionString;
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker."));
    }

    /// <summary>Asks the worker to shut down (SIGTERM) and waits for it to exit.</summary>
    public async Task Stop()
    {
        if (process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { Kill(); }
    }

    /// <summary>Ends the worker at once, the way a crash or an OOM kill would.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    /// <summary>The worker built beside these tests, in the same configuration (Debug or Release).</summary>
    private static string WorkerAssembly()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Workbench.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No Workbench.sln above {AppContext.BaseDirectory}.");
        var assembly = Path.Combine(root.FullName, "workers", "Workbench.Worker", "bin", configuration, framework, "Workbench.Worker.dll");
        return File.Exists(assembly) ? assembly
            : throw new InvalidOperationException($"The worker is not built at {assembly}: build Workbench.sln first.");
    }
}
