using Workbench.Engine;

namespace Workbench.Runs.Executing;

/// <summary>
/// <see cref="RunStarted"/> as the first version of the workbench wrote it ("run_started"): the code
/// version as one string ("commit" or "commit-dirty") and no seeds. Old streams are upcast on read.
/// </summary>
public sealed record RunStartedV1(int Attempt, string WorkerHost, string JobId, TorchEnvironment Environment, string CodeVersion)
{
    public const string EventTypeName = "run_started";

    /// <summary>Version 1 did not list seeds: its runs drew everything from the spec's one seed, which RunSubmitted holds.</summary>
    public RunStarted Upcast() =>
        new(Attempt, WorkerHost, JobId, Environment, Executing.CodeVersion.Parse(CodeVersion), new Dictionary<string, long>());
}
