namespace Workbench.Cli.Api;

/// <summary>What the API commands exit with, so scripts can tell a failed run from a refused request.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The watched run failed or was cancelled.</summary>
    public const int RunUnsuccessful = 1;
    /// <summary>The workbench refused the request (an invalid spec, an unknown run, a conflict), or a local file could not be used.</summary>
    public const int Refused = 2;
    /// <summary>No token was given, or the workbench refused it.</summary>
    public const int NotSignedIn = 3;
    /// <summary>Nothing answered at the workbench's address, or what answered is not a workbench.</summary>
    public const int Unreachable = 4;
    /// <summary>Ctrl-C; a watched run goes on.</summary>
    public const int Interrupted = 130;
}
