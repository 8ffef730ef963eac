using Workbench.Engine.Creativity;
using Workbench.Testing;

namespace Workbench.Integration.Tests;

/// <summary>One real workbench (web on Kestrel, one worker, a fresh database) for the whole assembly.</summary>
public sealed class WorkbenchFixture : IAsyncLifetime
{
    public WorkbenchHosts Hosts { get; private set; } = null!;

    /// <summary>Small enough to finish in seconds on one thread, big enough to exercise every stage.</summary>
    public static CreativitySpec TinySpec => new()
    {
        Parents = 3, ChildrenPerParent = 4, TrainingSteps = 20, BatchSize = 16,
        Width = 16, Depth = 1, Heads = 2, EvaluationSamples = 16, Seed = 7,
    };

    public async Task InitializeAsync() => Hosts = await WorkbenchHosts.Start(workers: 1);

    public async Task DisposeAsync() => await Hosts.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class WorkbenchCollection : ICollectionFixture<WorkbenchFixture>
{
    public const string Name = "workbench";
}
