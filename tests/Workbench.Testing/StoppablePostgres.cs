using System.Diagnostics;

namespace Workbench.Testing;

/// <summary>
/// A PostgreSQL cluster of a test's own, which the test may stop and start again to play an outage.
/// Made and run by infra/lib.sh's functions, from the binaries infra/test.sh found (WORKBENCH_PG_BIN),
/// in a scratch folder removed at the end.
/// </summary>
public sealed class StoppablePostgres : IAsyncDisposable
{
    private readonly string scratch;
    private readonly string cluster;
    private readonly int port;

    private StoppablePostgres(string scratch, int port)
    {
        this.scratch = scratch;
        cluster = Path.Combine(scratch, "postgres");
        this.port = port;
    }

    /// <summary>Connects to the cluster's "postgres" database, to create test databases on (<see cref="TestDatabase.Create"/>).</summary>
    public string ServerConnectionString => $"Host=127.0.0.1;Port={port};Username=workbench;Database=postgres";

    public static async Task<StoppablePostgres> Start()
    {
        var scratch = Directory.CreateTempSubdirectory("workbench-outage.").FullName;
        var postgres = new StoppablePostgres(scratch, WorkbenchHosts.FreePort());
        // 755: the postgres user must reach its data folder inside the scratch folder.
        await postgres.Lib("chmod 755 \"$(dirname \"$1\")\" && init_test_cluster \"$1\"", postgres.cluster);
        await postgres.StartAgain();
        return postgres;
    }

    /// <summary>Stops the server as an administrator would (fast shutdown: connections are dropped).</summary>
    public Task Stop() => Lib("stop_cluster \"$1\"", cluster);

    public Task StartAgain() => Lib("start_cluster \"$1\" \"$2\"", cluster, port.ToString());

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Directory.Delete(scratch, recursive: true);
    }

    /// <summary>Runs a function of infra/lib.sh with the arguments $1, $2 ….</summary>
    private async Task Lib(string command, params string[] arguments)
    {
        var lib = Path.Combine(HostProcess.RepositoryRoot(), "infra", "lib.sh");
        var start = new ProcessStartInfo("bash", ["-c", $"source \"{lib}\" && {command}", "lib.sh", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"infra/lib.sh {command} failed ({process.ExitCode}): {await output}{await errors}");
    }
}
