using Marten;
using Workbench.Runs.Finding;

namespace Workbench.Runs.Hosting;

/// <summary>
/// Throws away the <see cref="Run"/>, <see cref="RunListing"/> and <see cref="Grouping.Group"/> documents and derives them again from the event streams, which
/// are the only source of truth. Safe to run while the workbench is up; run pages catch up as it goes.
/// </summary>
public static class RebuildProjections
{
    public static async Task All(IDocumentStore store, CancellationToken cancellationToken)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<Run>(cancellationToken);
        await daemon.RebuildProjectionAsync<Grouping.Group>(cancellationToken);
        await daemon.RebuildProjectionAsync<RunListing>(cancellationToken);
    }
}
