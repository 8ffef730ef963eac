using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Workbench.Cli.Api;
using Workbench.Runs;

namespace Workbench.Integration.Tests;

/// <summary><c>workbench watch</c> when the workbench goes away: a restart is waited out, a long silence is not.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class CliWatchTests(WorkbenchFixture fixture)
{
    private const string User = "cli-watcher";
    private readonly string token = fixture.Hosts.CreateToken(User).GetAwaiter().GetResult();
    private readonly RunsApiClient runs = new(fixture.Hosts.CreateClient(User));

    [Fact]
    public async Task A_watch_waits_out_a_restart_of_the_web_app_and_follows_the_run_to_its_success()
    {
        var port = FreePort();
        using var cli = new CliRunner(new Uri($"http://127.0.0.1:{port}"), token);
        var web = fixture.Hosts.StartWeb(port);
        // The only worker is kept busy, so that the watched run is still waiting in the queue when the web app comes back.
        var blocker = await runs.Submit(WorkbenchFixture.TinySpec with { TrainingSteps = 100_000, Seed = 81 });
        Process? process = null;
        try
        {
            await runs.WaitUntil(blocker, run => run.Status == RunStatus.Running);
            var watched = await runs.Submit(WorkbenchFixture.TinySpec with { Seed = 82 });
            process = cli.Start("watch", watched.ToString());
            var errors = new LinesOf(process);
            var output = process.StandardOutput.ReadToEndAsync();

            await errors.WaitFor(line => line is "submitted" or "queued");
            await web.DisposeAsync();
            await errors.WaitFor(line => line.StartsWith($"cannot reach the workbench at {cli.Address} (Connection refused"));
            Assert.False(await Listening(port));
            web = fixture.Hosts.StartWeb(port);
            await errors.WaitFor(line => line.StartsWith($"the workbench at {cli.Address} answers again (after "));
            Assert.Equal(HttpStatusCode.Accepted, (await runs.Cancel(blocker)).StatusCode);

            using var hung = new CancellationTokenSource(RunsApiClient.RunTimeout);
            await process.WaitForExitAsync(hung.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.StartsWith($"run {watched} succeeded: Creativity ", await output);
            Assert.Contains(errors.All, line => line.StartsWith($"succeeded  [{new string('#', 30)}] 100%"));
        }
        finally
        {
            if (process is { HasExited: false }) process.Kill();
            process?.Dispose();
            await runs.Cancel(blocker);
            await web.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_watch_that_cannot_reach_the_workbench_for_longer_than_its_patience_gives_up_with_exit_code_4_and_a_refusal_is_not_waited_out()
    {
        var nowhere = $"http://127.0.0.1:{FreePort()}";
        var id = Guid.NewGuid();
        using var cli = new CliRunner(new Uri(nowhere), token) { Environment = { [WatchOptions.GiveUpVariable] = "1s" } };
        using var known = new CliRunner(fixture.Hosts.BaseAddress, token);

        var byOption = await CliRunner.Cli(nowhere, token, "watch", id.ToString(), "--give-up-after", "1s");
        var byEnvironment = await cli.InItsOwnProcess("group", "watch", id.ToString());
        var refused = await known.Workbench("watch", id.ToString(), "--give-up-after", "1h");

        Assert.Equal(4, byOption.ExitCode);
        Assert.Equal([
            $"cannot reach the workbench at {nowhere} (Connection refused ({nowhere[7..]})); trying again for up to 1s",
            $"gave up watching: cannot reach the workbench at {nowhere} (Connection refused ({nowhere[7..]})); run {id} goes on (workbench watch {id} follows it again)",
        ], byOption.ErrorLines);
        Assert.Equal(4, byEnvironment.ExitCode);
        Assert.EndsWith($"group {id} goes on (workbench group watch {id} follows it again)", byEnvironment.ErrorLines[^1]);
        Assert.Equal((2, $"no run {id}"), (refused.ExitCode, refused.Error.Trim()));
    }

    /// <summary>A port nothing listens on now; free for the test to listen on.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> Listening(int port)
    {
        using var client = new TcpClient();
        try { await client.ConnectAsync(IPAddress.Loopback, port); return true; }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused) { return false; }
    }

    /// <summary>A program's standard error, line by line as it writes it.</summary>
    private sealed class LinesOf
    {
        private readonly List<string> lines = [];
        private readonly SemaphoreSlim written = new(0);

        private readonly Process process;

        public LinesOf(Process process)
        {
            this.process = process;
            process.ErrorDataReceived += (_, line) =>
            {
                if (line.Data is null) return;
                lock (lines) lines.Add(line.Data);
                written.Release();
            };
            process.BeginErrorReadLine();
        }

        public IReadOnlyList<string> All { get { lock (lines) return [.. lines]; } }

        /// <summary>Waits for a line that matches; fails if the program ends without writing one (or, instead of hanging, if none comes for minutes).</summary>
        public async Task WaitFor(Func<string, bool> match)
        {
            using var hung = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (!All.Any(match))
            {
                if (process.HasExited)
                {
                    process.WaitForExit(); // returns once every line it wrote has been read
                    Assert.True(All.Any(match), $"the program ended ({process.ExitCode}) without such a line among:\n" + string.Join("\n", All));
                    return;
                }
                try { await written.WaitAsync(TimeSpan.FromMilliseconds(200), hung.Token); }
                catch (OperationCanceledException) { Assert.Fail("no such line among:\n" + string.Join("\n", All)); }
            }
        }
    }
}
