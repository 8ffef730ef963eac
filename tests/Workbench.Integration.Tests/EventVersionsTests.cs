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
}
