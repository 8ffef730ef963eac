using System.CommandLine;
using System.Diagnostics;
using Workbench.Cli;

namespace Workbench.Integration.Tests;

/// <summary>Runs <c>workbench</c> commands against a workbench as one user: in this process, or as the installed program in its own.</summary>
public sealed class CliRunner(Uri address, string token) : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("workbench-cli-tests-");

    public string Address { get; } = address.AbsoluteUri.TrimEnd('/');
    public string Token => token;
    public string Folder => folder.FullName;

    /// <summary>More environment variables for the programs <see cref="Start"/> starts.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public Task<CliResult> Workbench(params string[] args) => Cli(Address, token, args);

    /// <summary>Runs <c>workbench ARGS --url URL --token TOKEN</c> here, capturing what it prints.</summary>
    public static async Task<CliResult> Cli(string url, string token, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exitCode = await WorkbenchRootCommand.Create().Parse([.. args, "--url", url, "--token", token])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Starts the built <c>workbench</c> program as a user would, with WORKBENCH_URL and WORKBENCH_TOKEN set instead of options.</summary>
    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "workbench.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment = { ["WORKBENCH_URL"] = Address, ["WORKBENCH_TOKEN"] = token },
        };
        foreach (var (name, value) in Environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    /// <summary>Runs the built <c>workbench</c> program to its end.</summary>
    public async Task<CliResult> InItsOwnProcess(params string[] args)
    {
        using var process = Start(args);
        var (output, error) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        // Only so that a hung command fails the test instead of the whole run.
        using var hung = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(hung.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>A new file in this runner's folder.</summary>
    public string File(string extension, string content)
    {
        var path = Path.Combine(folder.FullName, $"spec-{Guid.NewGuid():N}{extension}");
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => folder.Delete(recursive: true);
}

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] Lines => LinesOf(Output);
    public string[] ErrorLines => LinesOf(Error);

    private static string[] LinesOf(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r'))];
}
