using System.Diagnostics;
using System.Text;

namespace Workbench.Testing;

/// <summary>
/// A real workbench host — the built worker or web app — in its own process, as infra/run.sh starts it.
/// It can be stopped politely (SIGTERM, as Ctrl-C does) or killed, as a crash would.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private HostProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) => Record(line.Data);
        process.ErrorDataReceived += (_, line) => Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    /// <summary>What the process printed so far, for failure messages.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>A worker (workers/Workbench.Worker) on the database.</summary>
    public static HostProcess Worker(string connectionString, IReadOnlyDictionary<string, string> settings) =>
        Start(Assembly("workers", "Workbench.Worker"), [], connectionString, settings);

    /// <summary>The web app (web/Workbench.Web) on the database, listening at <paramref name="url"/>.</summary>
    public static HostProcess Web(string connectionString, Uri url, IReadOnlyDictionary<string, string> settings) =>
        Start(Assembly("web", "Workbench.Web"), ["--urls", url.ToString()], connectionString, settings);

    private static HostProcess Start(string assembly, IEnumerable<string> arguments, string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [assembly, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The web app finds its static web assets relative to its own folder.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Workbench"] = connectionString;
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        return new HostProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}."));
    }

    /// <summary>Asks the process to shut down (SIGTERM) and waits for it to exit.</summary>
    public async Task Stop()
    {
        if (process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()])) await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { Kill(); }
    }

    /// <summary>Ends the process at once, the way a crash or an OOM kill would.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Waits for the process to end by itself (e.g. killed by fault injection).</summary>
    public async Task WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
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

    /// <summary>The folder holding Workbench.sln, above the tests' output.</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Workbench.sln"))) root = root.Parent;
        return root?.FullName ?? throw new InvalidOperationException($"No Workbench.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>A host built beside these tests, in the same configuration (Debug or Release).</summary>
    private static string Assembly(string folder, string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var assembly = Path.Combine(RepositoryRoot(), folder, project, "bin", configuration, framework, project + ".dll");
        return File.Exists(assembly) ? assembly
            : throw new InvalidOperationException($"{project} is not built at {assembly}: build Workbench.sln first.");
    }
}
