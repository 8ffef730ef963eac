namespace Workbench.Cli.Api;

/// <summary>
/// The workbench said no, or could not be used: <see cref="Exception.Message"/> is the whole explanation the
/// user sees, so it is printed as it is, without a stack trace.
/// </summary>
public sealed class WorkbenchRefused(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
