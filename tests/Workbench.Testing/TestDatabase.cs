using Npgsql;

namespace Workbench.Testing;

/// <summary>
/// A fresh database on the throwaway PostgreSQL cluster that infra/test.sh starts, dropped at the end.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "WORKBENCH_TEST_CONNECTION";

    private readonly string serverConnectionString;
    public string Name { get; }
    public string ConnectionString { get; }

    private TestDatabase(string serverConnectionString, string name)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// <param name="serverConnectionString">the server to create it on; default: infra/test.sh's (<see cref="ServerVariable"/>)</param>
    public static async Task<TestDatabase> Create(string? serverConnectionString = null)
    {
        var server = serverConnectionString ?? Environment.GetEnvironmentVariable(ServerVariable)
            ?? throw new InvalidOperationException($"{ServerVariable} is not set: run the tests with infra/test.sh, which starts PostgreSQL.");
        var database = new TestDatabase(server, $"workbench_test_{Guid.NewGuid():N}");
        await database.Execute($"CREATE DATABASE {database.Name}");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Execute($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
