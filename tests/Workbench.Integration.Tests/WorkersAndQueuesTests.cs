using System.Net.Http.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine;
using Workbench.Engine.Pretrained;
using Workbench.Runs;
using Workbench.Runs.Models;
using Workbench.Runs.Submitting;
using Workbench.Runs.Workers;
using Workbench.Testing;
using Workbench.Testing.Pretrained;

namespace Workbench.Integration.Tests;

/// <summary>Runs on the queue of the device they need, real worker processes serving theirs, and what the workers say of themselves.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class WorkersAndQueuesTests(WorkbenchFixture fixture)
{
    private readonly HttpClient http = fixture.Hosts.CreateClient();
    private RunsApiClient Api => new(http);
    private JobStorage Queue => fixture.Hosts.WebServices.GetRequiredService<JobStorage>();
    private string FixtureWorker => WorkbenchHosts.WorkerName(fixture.Hosts.Workers[0]);

    [Fact]
    public async Task A_run_that_needs_cuda_is_never_taken_by_a_cpu_worker_and_says_why_while_cpu_and_any_runs_are_taken()
    {
        var cuda = await Api.Submit(WorkbenchFixture.TinySpec with { Device = DeviceRequirement.Cuda, Seed = 31 });
        try
        {
            var cpu = await Api.Submit(WorkbenchFixture.TinySpec with { Device = DeviceRequirement.Cpu, Seed = 32 });
            var any = await Api.Submit(WorkbenchFixture.TinySpec with { Seed = 33 });

            Assert.Equal(RunStatus.Succeeded, (await Api.WaitUntilFinished(cpu)).Status);
            Assert.Equal(RunStatus.Succeeded, (await Api.WaitUntilFinished(any)).Status);

            // The worker fetches from the queue whose name sorts first, and the CUDA run's job was waiting before the other two
            // were submitted: a worker serving its queue would have taken it first.
            var waiting = await Api.Get(cuda);
            Assert.Equal((RunStatus.Queued, 0, RunQueues.Cuda), (waiting.Status, waiting.Attempt, waiting.Queue));
            Assert.DoesNotContain(await Api.Events(cuda), e => e.Type.StartsWith("run_started"));
            Assert.Equal(RunQueues.Cpu, (await Api.Get(cpu)).Queue);
            Assert.Equal(RunQueues.Any, (await Api.Get(any)).Queue);
            using (var connection = Queue.GetConnection())
            {
                var job = connection.GetJobData(waiting.JobId!)!;
                Assert.Equal(("Enqueued", RunQueues.Cuda), (job.State, job.Job.Queue));
            }

            var placement = (await http.GetFromJsonAsync<RunPlacement>($"/api/runs/{cuda}/placement", ExperimentJson.Options))!;
            Assert.Equal(RunQueues.Cuda, placement.Queue);
            Assert.Empty(placement.ServedBy);
            Assert.Contains($"No live worker serves queue {RunQueues.Cuda}", placement.Waiting);
            Assert.Contains($"{FixtureWorker} on cpu", placement.Waiting);
        }
        finally
        {
            await Api.Cancel(cuda);
        }
        Assert.Equal(RunStatus.Cancelled, (await Api.WaitUntilFinished(cuda)).Status);
    }

    [Fact]
    public async Task The_reconciler_hands_a_run_out_again_on_the_queue_of_its_device()
    {
        var cuda = await Api.Submit(WorkbenchFixture.TinySpec with { Device = DeviceRequirement.Cuda, Seed = 34 });
        try
        {
            var queued = await Api.WaitUntil(cuda, run => run.Status == RunStatus.Queued);
            fixture.Hosts.WebServices.GetRequiredService<IBackgroundJobClient>().Delete(queued.JobId!);

            var requeued = await Api.WaitUntil(cuda, run => run.Requeues == 1);

            Assert.NotEqual(queued.JobId, requeued.JobId);
            Assert.Equal(RunQueues.Cuda, requeued.Queue);
            var recorded = Assert.Single(await Api.Events(cuda), e => e.Type == "run_requeued");
            Assert.Equal(RunQueues.Cuda, recorded.Data.GetProperty("queue").GetString());
            using var connection = Queue.GetConnection();
            Assert.Equal(RunQueues.Cuda, connection.GetJobData(requeued.JobId!)!.Job.Queue);
        }
        finally
        {
            await Api.Cancel(cuda);
        }
    }

    [Fact]
    public async Task The_workers_api_shows_a_real_worker_with_its_device_queues_and_current_run()
    {
        var id = await Api.Submit(WorkbenchFixture.TinySpec with { TrainingSteps = 3000, Seed = 35 });
        try
        {
            var run = await Api.WaitUntil(id, run => run.Status == RunStatus.Running);
            var workers = await Eventually(Workers, list => list.Any(status => status.Worker.Running.Any(running => running.RunId == id)));

            var status = workers.Single(status => status.Worker.Running.Any(running => running.RunId == id));
            var worker = status.Worker;
            Assert.Equal(FixtureWorker, worker.Id);
            Assert.Equal((Environment.MachineName, fixture.Hosts.Workers[0].Id), (worker.Host, worker.ProcessId));
            Assert.Equal(("cpu", "float32", 1), (worker.Device, worker.ComputeType, worker.Slots));
            Assert.Null(worker.Gpu);
            Assert.Equal(RunQueues.ServedBy("cpu", takesCpuWork: false), worker.Queues);
            Assert.False(status.Stale);
            var running = Assert.Single(worker.Running);
            Assert.Equal((run.Title, 1), (running.Title, running.Attempt));
            Assert.True(worker.LastSeen >= worker.StartedAt);
        }
        finally
        {
            await Api.Cancel(id);
            await Api.WaitUntilFinished(id);
        }
        await Eventually(Workers, list => list.Single(status => status.Worker.Id == FixtureWorker).Worker.Running.Count == 0);
    }

    [Fact]
    public async Task The_models_api_lists_a_model_folder_with_its_hash_and_the_workers_that_load_it_and_a_broken_one_with_the_reason()
    {
        var folder = Directory.CreateTempSubdirectory("workbench-models.").FullName;
        var gpt2 = TinyModels.Write(TinyModels.Named("gpt2"), Path.Combine(folder, "gpt2"));
        TinyModels.WriteRefused(Path.Combine(folder, "broken"));
        var seer = fixture.Hosts.StartWorker(extra: new Dictionary<string, string> { ["Models:Path"] = folder, ["Worker:ComputeType"] = "bfloat16" });
        try
        {
            var name = WorkbenchHosts.WorkerName(seer);
            var models = await Eventually(Models, list =>
                list.Any(model => model.Name == "gpt2" && model.LoadableBy.Contains(name)) && list.Any(model => model.Name == "broken"));

            var manifest = ModelManifest.Compute(gpt2);
            var listed = Assert.Single(models, model => model.Name == "gpt2");
            Assert.Equal((manifest.Sha256, manifest.Bytes), (listed.Sha256, listed.Bytes));
            Assert.Equal(("gpt2", ModelFolder.Open(gpt2).ParameterCount), (listed.Architecture, listed.Parameters));
            Assert.Equal(["F32"], listed.StoredDtypes);
            Assert.Equal([name], listed.LoadableBy);
            var unseen = Assert.Single(listed.RefusedBy, refusal => refusal.Worker == FixtureWorker);
            Assert.Contains($"not in its models folder {fixture.Hosts.ModelsPath}", unseen.Reason);

            var broken = Assert.Single(models, model => model.Name == "broken");
            Assert.Null(broken.Sha256);
            Assert.Empty(broken.LoadableBy);
            Assert.Contains("quantization_config", Assert.Single(broken.RefusedBy, refusal => refusal.Worker == name).Reason);

            var seen = (await Workers()).Single(status => status.Worker.Id == name).Worker;
            Assert.Equal(("bfloat16", folder), (seen.ComputeType, seen.ModelsPath));
        }
        finally
        {
            await fixture.Hosts.StopWorker(seer);
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<IReadOnlyList<WorkerStatus>> Workers() =>
        (await http.GetFromJsonAsync<List<WorkerStatus>>("/api/workers", ExperimentJson.Options))!;

    private async Task<IReadOnlyList<ModelListing>> Models() =>
        (await http.GetFromJsonAsync<List<ModelListing>>("/api/models", ExperimentJson.Options))!;

    /// <summary>Asks again until the answer satisfies <paramref name="condition"/>; fails after a generous patience, never on how long it took.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> ask, Func<T, bool> condition)
    {
        using var patience = new CancellationTokenSource(RunsApiClient.RunTimeout);
        while (true)
        {
            var answer = await ask();
            if (condition(answer)) return answer;
            Assert.False(patience.IsCancellationRequested, "The workbench never gave the expected answer.");
            await Task.Delay(200);
        }
    }
}
