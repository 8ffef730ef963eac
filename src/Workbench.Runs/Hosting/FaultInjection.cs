using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Workbench.Runs.Hosting;

/// <summary>
/// For fault tests only: kills this process outright (SIGKILL, as a crash or an OOM kill would) when it
/// reaches the named point, so that a test can interrupt a submit exactly between two of its steps.
/// Off unless the setting FaultInjection:KillAt names a point; nothing sets it outside the tests.
/// </summary>
public sealed class FaultInjection(IConfiguration configuration)
{
    public const string SubmitRecorded = "submit-recorded";
    public const string SubmitJobCreated = "submit-job-created";
    public const string SubmitQueued = "submit-queued";

    private readonly string? killAt = configuration["FaultInjection:KillAt"];

    public void KillIfAt(string point)
    {
        if (killAt == point) Process.GetCurrentProcess().Kill();
    }
}
