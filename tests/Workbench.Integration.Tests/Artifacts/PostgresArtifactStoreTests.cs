using Npgsql;
using Workbench.Runs.Artifacts;
using Workbench.Testing;

namespace Workbench.Integration.Tests.Artifacts;

[Collection(AloneCollection.Name)]
public sealed class PostgresArtifactStoreTests : ArtifactStoreContract
{
    private TestDatabase database = null!;

    protected override async Task<ArtifactStore> Create()
    {
        database = await TestDatabase.Create();
        return new PostgresArtifactStore(database.ConnectionString);
    }

    protected override async Task<long> StoredPieces()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var chunks = new NpgsqlCommand("select count(*) from workbench.artifact_chunks", connection);
        return (long)(await chunks.ExecuteScalarAsync())!;
    }

    public override async Task DisposeAsync()
    {
        ((PostgresArtifactStore)Store).Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Two_stores_on_one_database_as_on_two_hosts_see_each_others_artifacts()
    {
        using var otherHost = new PostgresArtifactStore(database.ConnectionString);

        var hash = await otherHost.PutAsync(new MemoryStream("from another host"u8.ToArray()));

        Assert.Equal("from another host"u8.ToArray(), Store.Read(hash));
    }
}
