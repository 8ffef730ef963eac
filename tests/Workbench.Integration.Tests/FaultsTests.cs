using System.Net;
using System.Text;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Executing;
using Workbench.Runs.Hosting;
using Workbench.Runs.Reconciling;
using Workbench.Testing;

namespace Workbench.Integration.Tests;

/// <summary>
/// Faults injected into a real workbench of its own (web app, worker processes, PostgreSQL): each run
/// must still reach a final state, with a contiguous stream and no progress recorded twice in an attempt.
/// Timeouts are short by setting (<see cref="WorkbenchHosts.FaultSettings"/>); waits poll up to a deadline.
/// </summary>
[Collection(FaultsCollection.Name)]
[Trait("Category", "Faults")]
public sealed class FaultsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_run_cancelled_while_its_worker_is_dead_is_recorded_cancelled_by_the_reconciler()
    {
        await using var hosts = await WorkbenchHosts.Start(workers: 1);
        var api = new RunsApiClient(hosts.CreateClient("linus"));
        var id = await api.Submit(WorkbenchFixture.TinySpec with { TrainingSteps = 100_000 });
        await api.WaitUntil(id, run => run.Step > 0);
        hosts.Workers[0].Kill();

        Assert.Equal(HttpStatusCode.Accepted, (await api.Cancel(id)).StatusCode);
        var run = await api.WaitUntilFinished(id);

        Assert.Equal(RunStatus.Cancelled, run.Status);
        var events = await Stream(hosts, id);
        var cancelled = Assert.IsType<RunCancelled>(events[^1].Data);
        Assert.Equal("linus", cancelled.CancelledBy);
        Assert.Contains("stopped before it could stop the run", cancelled.Reason);
        Assert.StartsWith("reconciler@", events[^1].UserName);
        AssertWellFormed(events);
    }

    [Fact]
    public async Task A_database_outage_during_training_is_waited_out_and_the_attempt_goes_on()
    {
        await using var postgres = await StoppablePostgres.Start();
        await using var hosts = await WorkbenchHosts.Start(workers: 1, serverConnectionString: postgres.ServerConnectionString);
        var api = new RunsApiClient(hosts.CreateClient());
        using var anonymous = hosts.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(WorkbenchHealth.Path)).StatusCode);
        var id = await api.Submit(WorkbenchFixture.TinySpec with { TrainingSteps = 3000, Seed = 31 });
        await api.WaitUntil(id, run => run.Step > 0);

        await postgres.Stop();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync(WorkbenchHealth.Path)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(20));
        await postgres.StartAgain();
        var run = await api.WaitUntilFinished(id);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(1, run.Attempt);
        Assert.Equal(Enumerable.Range(1, 3000), run.Loss.Select(point => point.Step));
        AssertWellFormed(await Stream(hosts, id));
    }

    [Theory]
    [InlineData(FaultInjection.SubmitRecorded)]
    [InlineData(FaultInjection.SubmitJobCreated)]
    [InlineData(FaultInjection.SubmitQueued)]
    public async Task A_web_app_killed_between_the_steps_of_a_submit_leaves_a_run_the_reconciler_finishes(string point)
    {
        await using var hosts = await WorkbenchHosts.Start(workers: 1);
        var user = "crash-" + point;
        var web = await StartCrashingWeb(hosts, point, user);
        var body = JsonSerializer.Serialize<ExperimentSpec>(WorkbenchFixture.TinySpec with { Seed = 41 }, ExperimentJson.Options);

        await PostAndDie(web, "/api/runs", body);

        var id = Assert.Single(await RunsOf(hosts, user));
        var api = new RunsApiClient(hosts.CreateClient());
        Assert.Equal(RunStatus.Succeeded, (await api.WaitUntilFinished(id)).Status);
        var events = await Stream(hosts, id);
        var requeued = Assert.Single(events, e => e.Data is RunRequeued);
        Assert.StartsWith("reconciler@", requeued.UserName);
        Assert.Contains("interrupted", ((RunRequeued)requeued.Data).Reason);
        AssertWellFormed(events);
    }

    [Fact]
    public async Task A_web_app_killed_in_the_middle_of_a_sweep_submit_leaves_every_run_of_the_group_to_finish()
    {
        await using var hosts = await WorkbenchHosts.Start(workers: 1);
        const string user = "crash-sweep";
        var web = await StartCrashingWeb(hosts, FaultInjection.SubmitJobCreated, user);
        var body = JsonSerializer.Serialize(new { name = "interrupted", spec = (ExperimentSpec)WorkbenchFixture.TinySpec, axes = new { seed = new[] { 51, 52 } } }, ExperimentJson.Options);

        await PostAndDie(web, "/api/groups/sweeps", body);

        var ids = await RunsOf(hosts, user);
        Assert.Equal(2, ids.Count);
        var api = new RunsApiClient(hosts.CreateClient());
        foreach (var id in ids)
        {
            Assert.Equal(RunStatus.Succeeded, (await api.WaitUntilFinished(id)).Status);
            AssertWellFormed(await Stream(hosts, id));
        }
    }

    [Fact]
    public async Task A_healthy_worker_keeps_its_health_file_fresh()
    {
        var file = Path.Combine(Path.GetTempPath(), $"workbench-health-{Guid.NewGuid():N}");
        await using var hosts = await WorkbenchHosts.Start(workers: 1, settings: new Dictionary<string, string> { ["Worker:HealthFile"] = file });
        try
        {
            await Until(() => File.Exists(file), "the worker never wrote its health file");
            Assert.StartsWith("Healthy", await File.ReadAllTextAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A second web app as its own process, which kills itself at <paramref name="point"/> of its first submit.</summary>
    private static async Task<(HostProcess Process, HttpClient Client)> StartCrashingWeb(WorkbenchHosts hosts, string point, string user)
    {
        var (process, address) = hosts.StartWebProcess(new Dictionary<string, string> { ["FaultInjection:KillAt"] = point });
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await hosts.CreateToken(user));
        await Until(async () =>
        {
            try { return (await client.GetAsync(WorkbenchHealth.Path)).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, $"the web app at {address} never answered: {process.Output}");
        return (process, client);
    }

    /// <summary>Posts to the crashing web app, which must die before it answers.</summary>
    private static async Task PostAndDie((HostProcess Process, HttpClient Client) web, string path, string body)
    {
        try
        {
            var response = await web.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Fail($"The web app answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{web.Process.Output}");
        }
        catch (HttpRequestException)
        {
        }
        await web.Process.WaitForExit(TimeSpan.FromMinutes(1));
    }

    private static async Task<IReadOnlyList<Guid>> RunsOf(WorkbenchHosts hosts, string user)
    {
        await using var session = Store(hosts).QuerySession();
        return await session.Query<Run>().Where(run => run.SubmittedBy == user).Select(run => run.Id).ToListAsync();
    }

    private static IDocumentStore Store(WorkbenchHosts hosts) => hosts.WebServices.GetRequiredService<IDocumentStore>();

    private static async Task<IReadOnlyList<IEvent>> Stream(WorkbenchHosts hosts, Guid id)
    {
        await using var session = Store(hosts).QuerySession();
        return await session.Events.FetchStreamAsync(id);
    }

    /// <summary>Versions 1, 2, 3 … with no gap; in each attempt every training step recorded once, in order; one end.</summary>
    private static void AssertWellFormed(IReadOnlyList<IEvent> events)
    {
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));
        foreach (var attempt in events.Select(e => e.Data).OfType<TrainingProgressed>().GroupBy(p => p.Attempt))
        {
            var steps = attempt.SelectMany(p => p.Points).Select(p => p.Step).ToList();
            Assert.Equal(Enumerable.Range(1, steps.Count), steps);
        }
        Assert.Single(events, e => e.Data is RunSucceeded or RunFailed or RunCancelled);
    }

    private static Task Until(Func<bool> condition, string failure) => Until(() => Task.FromResult(condition()), failure);

    private static async Task Until(Func<Task<bool>> condition, string failure)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, failure);
            await Task.Delay(200);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FaultsCollection
{
    public const string Name = "faults";
}
