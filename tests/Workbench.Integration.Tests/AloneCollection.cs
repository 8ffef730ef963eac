namespace Workbench.Integration.Tests;

/// <summary>
/// Tests that measure the whole process's memory, or start a workbench of their own (Hangfire's configuration is
/// process-wide, so two web hosts in one process must not overlap): they run after the others, one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
