using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Artifacts;
using Workbench.Runs.Exporting;
using Workbench.Runs.Finding;
using Workbench.Runs.Hosting;
using Workbench.Runs.Replaying;
using Workbench.Testing;

namespace Workbench.Integration.Tests;

[Collection(WorkbenchCollection.Name)]
public sealed class ReproducibilityTests(WorkbenchFixture fixture)
{
    private readonly RunsApiClient api = new(fixture.Hosts.CreateClient("margaret"));
    private IDocumentStore Store => fixture.Hosts.WebServices.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task Replaying_a_finished_cpu_run_is_identical_metric_by_metric_and_step_by_step()
    {
        var original = await api.WaitUntilFinished(await api.Submit(WorkbenchFixture.TinySpec with { Seed = 31 }));

        var replayId = await api.Replay(original.Id);
        var replay = await api.WaitUntilFinished(replayId);
        var verdict = await api.Verification(replayId);

        Assert.Equal(original.Id, replay.ReplayOf);
        Assert.Equal(VerdictKind.Identical, verdict.Kind);
        Assert.Null(verdict.FirstDivergence);
        Assert.Empty(verdict.SpecDifferences);
        Assert.True(verdict.ComparedValues > WorkbenchFixture.TinySpec.TrainingSteps, $"compared only {verdict.ComparedValues} values");
        Assert.Equal(original.Metrics, replay.Metrics);
        Assert.Equal(original.Loss, replay.Loss);
        Assert.Equal(original.Checkpoints, replay.Checkpoints);
        Assert.Equal(original.Details, replay.Details);
        Assert.Contains(await api.Derived(original.Id), derived => derived.GetProperty("id").GetGuid() == replayId);
    }

    [Fact]
    public async Task A_clone_with_another_seed_diverges_first_at_the_dataset_and_names_the_changed_parameter()
    {
        var original = await api.WaitUntilFinished(await api.Submit(WorkbenchFixture.TinySpec with { Seed = 32 }));

        var cloneId = await api.Submit(WorkbenchFixture.TinySpec with { Seed = 33 }, clonedFrom: original.Id);
        var clone = await api.WaitUntilFinished(cloneId);
        var verdict = await api.Verification(cloneId);

        Assert.Equal(original.Id, clone.ClonedFrom);
        Assert.Equal(VerdictKind.Diverged, verdict.Kind);
        Assert.Equal(new Divergence("dataset_generated", "content hash", original.Dataset!.ContentHash, clone.Dataset!.ContentHash, null), verdict.FirstDivergence);
        Assert.Equal([new EnvironmentDifference("seed", "32", "33")], verdict.SpecDifferences);
    }

    [Fact]
    public async Task A_run_that_is_not_finished_cannot_be_replayed_and_an_unknown_one_is_not_found()
    {
        var running = await api.Submit(WorkbenchFixture.TinySpec with { TrainingSteps = 100_000, Seed = 34 });
        try
        {
            using var http = fixture.Hosts.CreateClient();
            Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/runs/{running}/replay", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"/api/runs/{Guid.NewGuid()}/replay", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await http.GetAsync($"/api/runs/{running}/export")).StatusCode);
        }
        finally
        {
            await api.Cancel(running);
            await api.WaitUntilFinished(running);
        }
    }

    [Fact]
    public async Task Time_travel_shows_the_run_as_it_was_after_any_event()
    {
        var id = await api.Submit(WorkbenchFixture.TinySpec with { Seed = 35 });
        var finished = await api.WaitUntilFinished(id);
        var events = await api.Events(id);
        var firstProgress = events.First(e => e.Type == "training_progressed");
        var stepsSoFar = events.TakeWhile(e => e.Version <= firstProgress.Version)
            .Where(e => e.Type == "training_progressed")
            .Sum(e => e.Data.GetProperty("points").GetArrayLength());

        var submitted = await api.Get(id, version: 1);
        var queued = await api.Get(id, version: 2);
        var training = await api.Get(id, version: firstProgress.Version);
        var last = await api.Get(id, version: events[^1].Version);

        Assert.Equal(RunStatus.Submitted, submitted.Status);
        Assert.Equal(RunStatus.Queued, queued.Status);
        Assert.Equal(RunStatus.Running, training.Status);
        Assert.Equal(stepsSoFar, training.Loss.Count);
        Assert.Equal(finished.Loss.Take(stepsSoFar), training.Loss);
        Assert.Empty(training.Metrics);
        Assert.Equal(JsonSerializer.Serialize(finished, ExperimentJson.Options), JsonSerializer.Serialize(last, ExperimentJson.Options));
        using var http = fixture.Hosts.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/runs/{id}?version=0")).StatusCode);
    }

    [Fact]
    public async Task An_exported_run_imports_into_another_workbench_with_its_ids_events_and_artifacts()
    {
        var id = await api.Submit(WorkbenchFixture.TinySpec with { Seed = 36 });
        var original = await api.WaitUntilFinished(id);
        using var http = fixture.Hosts.CreateClient();
        var file = await http.GetByteArrayAsync($"/api/runs/{id}/export");
        var archive = JsonSerializer.Deserialize<RunArchive>(file, ExperimentJson.Options)!;

        await using var otherDatabase = await TestDatabase.Create();
        var otherArtifacts = new FolderArtifactStore(Path.Combine(Path.GetTempPath(), otherDatabase.Name + "_artifacts"));
        await using var otherStore = DocumentStore.For(options => WorkbenchStore.Configure(options, otherDatabase.ConnectionString));
        try
        {
            await using (var session = otherStore.LightweightSession())
                Assert.Equal(new ImportResult(ImportOutcome.Imported), await ImportRun.Handle(session, otherArtifacts, archive, "importer", CancellationToken.None));

            await using var query = otherStore.QuerySession();
            var imported = await query.LoadAsync<Run>(id);
            Assert.Equal("importer", imported!.ImportedBy);
            Assert.Equal(ImportRun.ImportedJobId, imported.JobId);
            (imported.ImportedBy, imported.JobId) = (null, original.JobId);
            Assert.Equal(JsonSerializer.Serialize(original, ExperimentJson.Options), JsonSerializer.Serialize(imported, ExperimentJson.Options));
            var events = await query.Events.FetchStreamAsync(id);
            Assert.Equal((await api.Events(id)).Select(e => (e.Version, e.Type, e.Timestamp)), events.SkipLast(1).Select(e => (e.Version, e.EventTypeName, e.Timestamp)));
            Assert.IsType<RunImported>(events[^1].Data);
            Assert.True(otherArtifacts.Contains(original.Checkpoints["model"]));
            Assert.Equal(fixture.Hosts.Artifacts.Read(original.Details!), otherArtifacts.Read(original.Details!));
        }
        finally
        {
            if (Directory.Exists(otherArtifacts.Root)) Directory.Delete(otherArtifacts.Root, recursive: true);
        }
    }

    [Fact]
    public async Task Importing_is_refused_for_a_run_already_here_and_for_a_tampered_archive_without_writing_anything()
    {
        var id = await api.Submit(WorkbenchFixture.TinySpec with { Seed = 37 });
        await api.WaitUntilFinished(id);
        using var http = fixture.Hosts.CreateClient();
        var archive = JsonSerializer.Deserialize<RunArchive>(await http.GetByteArrayAsync($"/api/runs/{id}/export"), ExperimentJson.Options)!;
        var eventsBefore = (await api.Events(id)).Count;

        var again = await http.PostAsync("/api/runs/import", Json(archive));
        var tampered = archive with
        {
            RunId = Guid.NewGuid(),
            Artifacts = archive.Artifacts.ToDictionary(pair => pair.Key, _ => Convert.ToBase64String("not the weights"u8.ToArray())),
        };
        var refused = await http.PostAsync("/api/runs/import", Json(tampered));
        var malformed = await http.PostAsync("/api/runs/import", new StringContent("{\"format\": 3", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("does not match its hash", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(eventsBefore, (await api.Events(id)).Count);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/runs/{tampered.RunId}")).StatusCode);
    }

    [Fact]
    public async Task Rebuilding_the_projections_from_the_streams_gives_the_live_documents_back()
    {
        await api.WaitUntilFinished(await api.Submit(WorkbenchFixture.TinySpec with { Seed = 38 }));
        await using var before = Store.QuerySession();
        var live = (await before.Query<Run>().ToListAsync()).Where(run => run.IsFinished).OrderBy(run => run.Id).ToList();
        var liveListings = (await before.Query<RunListing>().ToListAsync()).Where(run => live.Any(l => l.Id == run.Id)).OrderBy(run => run.Id).ToList();
        await using (var wipe = Store.LightweightSession())
        {
            // Damage the read side: the rebuild must not depend on it.
            wipe.DeleteWhere<Run>(run => run.Status == RunStatus.Succeeded);
            wipe.DeleteWhere<RunListing>(run => run.Status == RunStatus.Succeeded);
            await wipe.SaveChangesAsync();
        }

        await RebuildProjections.All(Store, CancellationToken.None);

        await using var after = Store.QuerySession();
        var rebuilt = (await after.Query<Run>().ToListAsync()).Where(run => live.Any(l => l.Id == run.Id)).OrderBy(run => run.Id).ToList();
        var rebuiltListings = (await after.Query<RunListing>().ToListAsync()).Where(run => live.Any(l => l.Id == run.Id)).OrderBy(run => run.Id).ToList();
        Assert.NotEmpty(live);
        Assert.Equal(live.Select(Json), rebuilt.Select(Json));
        Assert.Equal(live.Count, liveListings.Count);
        Assert.Equal(liveListings.Select(Json), rebuiltListings.Select(Json));
    }

    private static string Json<T>(T document) => JsonSerializer.Serialize(document, ExperimentJson.Options);

    private static StringContent Json(RunArchive archive) =>
        new(JsonSerializer.Serialize(archive, ExperimentJson.Options), Encoding.UTF8, "application/json");
}
