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
    public async Task A_job_handed_out_again_after_a_worker_died_restarts_as_a_new_attempt()
    {
        // The stream as a worker that died after ten steps left it.
        var runId = Guid.CreateVersion7();
        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<Run>(runId,
                new RunSubmitted(runId, WorkbenchFixture.TinySpec, "ada"),
                new RunQueued("lost", ExecuteRun.Queue),
                new RunStarted(1, "dead-host", "lost", new TorchEnvironment("cpu", 1, "0", "0"), "abc"),
                new TrainingProgressed(1, 20, [.. Enumerable.Range(1, 10).Select(step => new LossPoint(step, 9.0))]));
            await session.SaveChangesAsync();
        }

        var jobs = fixture.Hosts.WebServices.GetRequiredService<IBackgroundJobClient>();
        jobs.Enqueue<ExecuteRun>(job => job.Execute(runId, CancellationToken.None));
        var run = await api.WaitUntilFinished(runId);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(2, run.Attempt);
        Assert.Equal(Enumerable.Range(1, 20), run.Loss.Select(point => point.Step));
        Assert.DoesNotContain(run.Loss, point => point.Loss == 9.0);
        await using var query = Store.QuerySession();
        var progress = (await query.Events.FetchStreamAsync(runId)).Select(e => e.Data).OfType<TrainingProgressed>().ToList();
        foreach (var attempt in progress.GroupBy(p => p.Attempt))
        {
            var steps = attempt.SelectMany(p => p.Points).Select(p => p.Step).ToList();
            Assert.Equal(steps.Distinct().Count(), steps.Count);
        }
    }

    [Fact]
    public async Task Several_workers_share_the_queue_and_never_run_one_run_twice()
    {
        var second = await fixture.Hosts.StartWorker();
        try
        {
            var ids = new List<Guid>();
            for (var seed = 100; seed < 104; seed++) ids.Add(await api.Submit(WorkbenchFixture.TinySpec with { Seed = seed }));

            foreach (var id in ids)
            {
                Assert.Equal(RunStatus.Succeeded, (await api.WaitUntilFinished(id)).Status);
                Assert.Single(await api.Events(id), e => e.Type == "run_started");
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
