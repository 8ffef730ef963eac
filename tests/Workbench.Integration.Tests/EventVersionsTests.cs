using JasperFx;
using JasperFx.Events;
using Marten;
using Weasel.Core;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs;
using Workbench.Runs.Executing;
using Workbench.Runs.Hosting;
using Workbench.Runs.Submitting;
using Workbench.Testing;

namespace Workbench.Integration.Tests;

/// <summary>Streams written by older versions of the workbench still load, upcast to today's events.</summary>
public sealed class EventVersionsTests
{
    [Fact]
    public async Task A_stream_written_with_the_first_version_of_run_started_loads_with_its_code_version_split()
    {
        await using var database = await TestDatabase.Create();
        var runId = Guid.CreateVersion7();
        var environment = new TorchEnvironment("cpu", 2, "0.107.0", "2.10.0");
        // The store as the first version configured it: RunStarted stored as "run_started" in its old shape.
        await using (var oldStore = DocumentStore.For(options =>
        {
            options.Connection(database.ConnectionString);
            options.DatabaseSchemaName = WorkbenchStore.Schema;
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => ExperimentJson.Apply(json));
            options.Events.StreamIdentity = StreamIdentity.AsGuid;
            options.Events.MapEventType<RunStartedV1>(RunStartedV1.EventTypeName);
        }))
        {
            await using var session = oldStore.LightweightSession();
            session.Events.StartStream(runId,
                new RunSubmitted(runId, new CreativitySpec(), "ada"),
                new RunQueued("1", ExecuteRun.Queue),
                new RunStartedV1(1, "old-host", "1", environment, "0123abcd-dirty"),
                new RunSucceeded(1));
            await session.SaveChangesAsync();
        }

        await using var store = DocumentStore.For(options => WorkbenchStore.Configure(options, database.ConnectionString));
        await using var query = store.QuerySession();
        var events = await query.Events.FetchStreamAsync(runId);
        var run = await query.Events.AggregateStreamAsync<Run>(runId);

        var started = Assert.IsType<RunStarted>(events[2].Data);
        Assert.Equal(new CodeVersion("0123abcd", Dirty: true), started.Code);
        Assert.Equal(environment, started.Environment);
        Assert.Equal(RunStatus.Succeeded, run!.Status);
        Assert.Equal("old-host", run.WorkerHost);
        Assert.Equal(new CodeVersion("0123abcd", true), run.Code);
    }

    [Fact]
    public async Task A_run_started_before_the_generation_engine_had_a_version_loads_as_engine_version_1()
    {
        await using var database = await TestDatabase.Create();
        var runId = Guid.CreateVersion7();
        // RunStarted as it was written before TorchEnvironment held the generation engine's version.
        await using (var oldStore = DocumentStore.For(options =>
        {
            options.Connection(database.ConnectionString);
            options.DatabaseSchemaName = WorkbenchStore.Schema;
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => ExperimentJson.Apply(json));
            options.Events.StreamIdentity = StreamIdentity.AsGuid;
            options.Events.MapEventType<RunStartedBeforeEngineVersions>("run_started_v2");
        }))
        {
            await using var session = oldStore.LightweightSession();
            session.Events.StartStream(runId,
                new RunSubmitted(runId, new CreativitySpec(), "ada"),
                new RunQueued("1", ExecuteRun.Queue),
                new RunStartedBeforeEngineVersions(1, "old-host", "1", new EnvironmentBeforeEngineVersions("cpu", 1, "0.107.0", "2.10.0"),
                    new CodeVersion("0123abcd", false), new Dictionary<string, long>()),
                new RunSucceeded(1));
            await session.SaveChangesAsync();
        }

        await using var store = DocumentStore.For(options => WorkbenchStore.Configure(options, database.ConnectionString));
        await using var query = store.QuerySession();
        var started = Assert.IsType<RunStarted>((await query.Events.FetchStreamAsync(runId))[2].Data);
        var run = await query.Events.AggregateStreamAsync<Run>(runId);

        Assert.Equal(new TorchEnvironment("cpu", 1, "0.107.0", "2.10.0", GenerationEngineVersion: 1), started.Environment);
        Assert.Equal(1, run!.Environment!.GenerationEngineVersion);
    }

    private sealed record EnvironmentBeforeEngineVersions(string Device, int Threads, string TorchSharpVersion, string LibTorchVersion);

    private sealed record RunStartedBeforeEngineVersions(int Attempt, string WorkerHost, string JobId, EnvironmentBeforeEngineVersions Environment,
        CodeVersion Code, IReadOnlyDictionary<string, long> Seeds);
}
