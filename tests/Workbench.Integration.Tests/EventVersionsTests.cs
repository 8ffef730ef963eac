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
        await using (var oldStore = OldStore(database, events =>
        {
            events.MapEventType<RunStartedV1>(RunStartedV1.EventTypeName);
        }))
        {
            await using var session = oldStore.LightweightSession();
            session.Events.StartStream(runId,
                new RunSubmitted(runId, new CreativitySpec(), "ada"),
                new RunQueued("1", RunQueues.Any),
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

    /// <summary>RunSubmitted as versions before lists were lists stored it: the spec exactly as those versions wrote it.</summary>
    private sealed record RunSubmittedThen(Guid RunId, System.Text.Json.JsonElement Spec, string SubmittedBy);

    /// <summary>EvaluationCompleted as the first version stored it ("evaluation_completed"): creativity's flags on every example.</summary>
    private sealed record EvaluationCompletedThen(int Attempt, Dictionary<string, double> Metrics, IReadOnlyList<LabelledSample> Examples, string? Details);

    [Fact]
    public async Task A_stream_with_text_lists_and_flagged_examples_loads_with_lists_and_labels()
    {
        await using var database = await TestDatabase.Create();
        var runId = Guid.CreateVersion7();
        var spec = System.Text.Json.JsonDocument.Parse("""
            {"kind": "bfDecodingSensitivity", "temperatures": "0.5; 1\t1.5", "topPs": "0.8 1", "seed": 2}
            """).RootElement;
        await using (var oldStore = OldStore(database, events =>
        {
            events.MapEventType<RunSubmittedThen>("run_submitted");
            events.MapEventType<EvaluationCompletedThen>(EvaluationCompletedV1.EventTypeName);
        }))
        {
            await using var session = oldStore.LightweightSession();
            session.Events.StartStream(runId,
                new RunSubmittedThen(runId, spec, "ada"),
                new EvaluationCompletedThen(1, new() { ["baseBfMean"] = 3 }, [new LabelledSample("a b c", Coherent: true, Memorized: false, Duplicate: true)], "details"));
            await session.SaveChangesAsync();
        }
        // Those versions' events were today's types by name: the stand-ins above only write the old JSON.
        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var (then, now) in new[] { (typeof(RunSubmittedThen), typeof(RunSubmitted)), (typeof(EvaluationCompletedThen), typeof(EvaluationCompleted)) })
            {
                await using var rename = new Npgsql.NpgsqlCommand($"UPDATE {WorkbenchStore.Schema}.mt_events SET mt_dotnet_type = @now WHERE mt_dotnet_type = @then", connection);
                rename.Parameters.AddWithValue("then", $"{then.FullName}, {then.Assembly.GetName().Name}");
                rename.Parameters.AddWithValue("now", $"{now.FullName}, {now.Assembly.GetName().Name}");
                Assert.Equal(1, await rename.ExecuteNonQueryAsync());
            }
        }

        await using var store = DocumentStore.For(options => WorkbenchStore.Configure(options, database.ConnectionString));
        await using var query = store.QuerySession();
        var events = await query.Events.FetchStreamAsync(runId);
        Assert.Equal([typeof(RunSubmitted), typeof(EvaluationCompleted)], events.Select(e => e.Data.GetType()));
        var run = await query.Events.AggregateStreamAsync<Run>(runId);

        var sensitivity = Assert.IsType<Workbench.Engine.BranchingFactor.DecodingSensitivitySpec>(run!.Spec);
        Assert.Equal([0.5, 1, 1.5], sensitivity.Temperatures);
        Assert.Equal([0.8, 1], sensitivity.TopPs);
        Assert.Equal(["coherent", "original", "duplicate"], Assert.Single(run.Examples).Labels);
        Assert.Equal("details", run.AllExamples);
    }

    [Fact]
    public async Task A_run_started_before_the_generation_engine_had_a_version_loads_as_engine_version_1()
    {
        await using var database = await TestDatabase.Create();
        var runId = Guid.CreateVersion7();
        // RunStarted as it was written before TorchEnvironment held the generation engine's version.
        await using (var oldStore = OldStore(database, events =>
        {
            events.MapEventType<RunStartedBeforeEngineVersions>("run_started_v2");
        }))
        {
            await using var session = oldStore.LightweightSession();
            session.Events.StartStream(runId,
                new RunSubmitted(runId, new CreativitySpec(), "ada"),
                new RunQueued("1", RunQueues.Any),
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

    /// <summary>The store as an earlier version configured it; <paramref name="mapOld"/> names its events as that version did.</summary>
    private static DocumentStore OldStore(TestDatabase database, Action<Marten.Events.IEventStoreOptions> mapOld) => DocumentStore.For(options =>
    {
        options.Connection(database.ConnectionString);
        options.DatabaseSchemaName = WorkbenchStore.Schema;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => ExperimentJson.Apply(json));
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        mapOld(options.Events);
    });
}
