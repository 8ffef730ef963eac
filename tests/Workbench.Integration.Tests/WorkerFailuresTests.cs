using Hangfire;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine;
using Workbench.Runs;
using Workbench.Runs.Executing;
using Workbench.Runs.Submitting;

namespace Workbench.Integration.Tests;

[Collection(WorkbenchCollection.Name)]
public sealed class WorkerFailuresTests(WorkbenchFixture fixture)
{
    private readonly RunsApiClient api = new(fixture.Hosts.CreateClient());
    private IDocumentStore Store => fixture.Hosts.WebServices.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task A_run_whose_worker_is_killed_is_taken_over_by_another_worker_as_a_new_attempt()
    {
        var id = await api.Submit(WorkbenchFixture.TinySpec with { TrainingSteps = 3000, Seed = 21 });
        var interrupted = await api.WaitUntil(id, run => run.Step > 0);
        foreach (var worker in fixture.Hosts.Workers.ToList())
        {
            worker.Kill();
            await fixture.Hosts.StopWorker(worker);
        }
        Assert.Equal(RunStatus.Running, (await api.Get(id)).Status);

        fixture.Hosts.StartWorker();
        var run = await api.WaitUntilFinished(id);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(2, run.Attempt);
        Assert.Equal(Enumerable.Range(1, 3000), run.Loss.Select(point => point.Step));
        var events = await api.Events(id);
        Assert.Equal(2, events.Count(e => e.Type == "run_started_v2"));
        // The reconciler gave the run a new job once, when it found the worker dead.
        var requeued = Assert.Single(events, e => e.Type == "run_requeued");
        Assert.Contains("stopped", requeued.Data.GetProperty("reason").GetString());
        var progress = (await Store.QuerySession().Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<TrainingProgressed>().ToList();
        Assert.Contains(progress, p => p.Attempt == 1 && p.Points[^1].Step >= interrupted.Step);
        foreach (var attempt in progress.GroupBy(p => p.Attempt))
        {
            var steps = attempt.SelectMany(p => p.Points).Select(p => p.Step).ToList();
            Assert.Equal(steps.Distinct().Count(), steps.Count);
        }
    }

    [Fact]
    public async Task Several_workers_share_the_queue_and_never_run_one_run_twice()
    {
        var second = fixture.Hosts.StartWorker();
        try
        {
            var ids = new List<Guid>();
            for (var seed = 100; seed < 104; seed++) ids.Add(await api.Submit(WorkbenchFixture.TinySpec with { Seed = seed }));

            foreach (var id in ids)
            {
                Assert.Equal(RunStatus.Succeeded, (await api.WaitUntilFinished(id)).Status);
                Assert.Single(await api.Events(id), e => e.Type == "run_started_v2");
            }
        }
        finally
        {
            await fixture.Hosts.StopWorker(second);
        }
    }

    [Fact]
    public async Task A_run_whose_experiment_throws_is_recorded_as_failed_with_the_error()
    {
        // Heads must divide width: a spec the API refuses, written straight to the store to reach the worker.
        var submit = fixture.Hosts.WebServices.CreateScope().ServiceProvider.GetRequiredService<SubmitRun>();
        var id = await submit.Handle(WorkbenchFixture.TinySpec with { Width = 15, Heads = 2 }, "ada", CancellationToken.None);

        var run = await api.WaitUntilFinished(id);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.False(string.IsNullOrWhiteSpace(run.Error));
        Assert.Equal("run_failed", (await api.Events(id))[^1].Type);
    }
}
