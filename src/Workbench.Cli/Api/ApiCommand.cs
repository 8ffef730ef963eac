using System.CommandLine;
using Polly.Timeout;

namespace Workbench.Cli.Api;

/// <summary>What an API command works with: the workbench, where to print, and Ctrl-C.</summary>
public sealed record ApiContext(ParseResult Parsed, WorkbenchClient Workbench, TextWriter Output, TextWriter Error, CancellationToken Cancellation);

/// <summary>
/// A command that uses a workbench through its HTTP API. It takes <c>--url</c> and <c>--token</c>, and turns
/// whatever goes wrong talking to the workbench (a refused token, nothing at the address, a problem the
/// server reports) into a clear message on standard error and an <see cref="ExitCodes">exit code</see>,
/// never a stack trace.
/// </summary>
public static class ApiCommand
{
    public const string UrlVariable = "WORKBENCH_URL";
    public const string TokenVariable = "WORKBENCH_TOKEN";
    public const string DefaultUrl = "http://localhost:5080";

    public static Command Create(string name, string description, IEnumerable<Symbol> symbols, Func<ApiContext, Task<int>> run)
    {
        var url = new Option<string>("--url")
        {
            Description = $"The workbench's address (${UrlVariable}, else {DefaultUrl}).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } configured ? configured : DefaultUrl,
        };
        // Read from the environment in the action, not as a default value: help prints default values.
        var token = new Option<string?>("--token") { Description = $"A personal access token, wbt_… (${TokenVariable}); make one on the workbench's profile page." };
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument) command.Arguments.Add(argument);
            else command.Options.Add((Option)symbol);
        }
        command.Options.Add(url);
        command.Options.Add(token);
        command.SetAction((parsed, cancellationToken) => Invoke(parsed, parsed.GetRequiredValue(url),
            parsed.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable), run, cancellationToken));
        return command;
    }

    private static async Task<int> Invoke(ParseResult parsed, string url, string? token, Func<ApiContext, Task<int>> run, CancellationToken cancellationToken)
    {
        var (output, error) = (parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"--url must be an http:// or https:// address, not \"{url}\"");
            return ExitCodes.Refused;
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            await error.WriteLineAsync($"no token: pass --token or set {TokenVariable}; create one on {WorkbenchClient.ProfilePageOf(address)}");
            return ExitCodes.NotSignedIn;
        }
        using var workbench = new WorkbenchClient(address, token.Trim(), error);
        try
        {
            return await run(new ApiContext(parsed, workbench, output, error, cancellationToken));
        }
        catch (WorkbenchRefused refused)
        {
            await error.WriteLineAsync(refused.Message);
            return refused.ExitCode;
        }
        catch (HttpRequestException exception)
        {
            await error.WriteLineAsync($"cannot reach the workbench at {workbench.Address}: {exception.Message}");
            return ExitCodes.Unreachable;
        }
        catch (TimeoutRejectedException)
        {
            await error.WriteLineAsync($"the workbench at {workbench.Address} did not answer in time");
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
