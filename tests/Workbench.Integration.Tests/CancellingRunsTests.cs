using System.Net;
using Workbench.Runs;

namespace Workbench.Integration.Tests;

[Collection(WorkbenchCollection.Name)]
public sealed class CancellingRunsTests(WorkbenchFixture fixture)
{
    private readonly RunsApiClient api = new(fixture.Hosts.CreateClient("linus"));

    [Fact]
    public async Task A_running_run_stops_when_cancelled_and_a_queued_one_never_starts()
    {
        // One worker runs one experiment at a time: the long run holds it, the second waits in the queue.
        var running = await api.Submit(WorkbenchFixture.TinySpec with { TrainingSteps = 100_000 });
        var queued = await api.Submit(WorkbenchFixture.TinySpec);
        await api.WaitUntil(running, run => run.Step > 0);

        Assert.Equal(HttpStatusCode.Accepted, (await api.Cancel(queued)).StatusCode);
        Assert.Equal(RunStatus.Cancelled, (await api.Get(queued)).Status);

        Assert.Equal(HttpStatusCode.Accepted, (await api.Cancel(running)).StatusCode);
        var stopped = await api.WaitUntilFinished(running);

        Assert.Equal(RunStatus.Cancelled, stopped.Status);
        Assert.True(stopped.Step < 100_000);
        var events = (await api.Events(running)).Select(e => e.Type).ToList();
        Assert.Equal("run_cancelled", events[^1]);
        Assert.Contains("run_cancellation_requested", events);
        Assert.DoesNotContain("run_started_v2", (await api.Events(queued)).Select(e => e.Type));
    }

    [Fact]
    public async Task Cancelling_a_finished_run_is_a_conflict_and_an_unknown_run_is_not_found()
    {
        var id = await api.Submit(WorkbenchFixture.TinySpec with { Seed = 11 });
        await api.WaitUntilFinished(id);

        Assert.Equal(HttpStatusCode.Conflict, (await api.Cancel(id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Cancel(Guid.NewGuid())).StatusCode);
        Assert.Equal(RunStatus.Succeeded, (await api.Get(id)).Status);
    }
}
