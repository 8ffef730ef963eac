using Workbench.Runs.Artifacts;

namespace Workbench.Integration.Tests.Artifacts;

[Collection(AloneCollection.Name)]
public sealed class FolderArtifactStoreTests : ArtifactStoreContract
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"workbench_artifacts_{Guid.NewGuid():N}");

    protected override Task<ArtifactStore> Create() => Task.FromResult<ArtifactStore>(new FolderArtifactStore(folder));

    protected override Task<long> StoredPieces() =>
        Task.FromResult(Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).LongCount() : 0);

    public override Task DisposeAsync()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
