using System.Net;
using System.Security.Cryptography;
using Workbench.Runs;
using Workbench.Runs.Artifacts;
using Workbench.Testing;

namespace Workbench.Integration.Tests.Artifacts;

/// <summary>Web and worker with Artifacts:Store=postgres, as docker-compose runs them: the database is all they share.</summary>
[Collection(AloneCollection.Name)]
public sealed class DatabaseOnlyHostsTests
{
    [Fact]
    public async Task A_workers_checkpoint_is_stored_in_the_database_and_downloads_from_the_web_app()
    {
        var unusedFolder = Path.Combine(Path.GetTempPath(), $"workbench_no_artifacts_{Guid.NewGuid():N}");
        await using var hosts = await WorkbenchHosts.Start(workers: 1, new Dictionary<string, string>
        {
            ["Artifacts:Store"] = ArtifactStore.PostgresKind,
            ["Artifacts:Path"] = unusedFolder,
        });
        using var http = hosts.CreateClient();
        var api = new RunsApiClient(http);

        var run = await api.WaitUntilFinished(await api.Submit(WorkbenchFixture.TinySpec with { Seed = 61 }));
        var checkpoint = run.Checkpoints["model"];
        var download = await http.GetAsync($"/api/artifacts/{checkpoint}");

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.IsType<PostgresArtifactStore>(hosts.Artifacts);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(checkpoint, Convert.ToHexStringLower(SHA256.HashData(await download.Content.ReadAsByteArrayAsync())));
        Assert.True(hosts.Artifacts.Contains(run.Details!));
        Assert.False(Directory.Exists(unusedFolder));
    }
}
