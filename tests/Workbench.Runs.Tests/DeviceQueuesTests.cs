using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs.Reconciling;
using Workbench.Runs.Submitting;

namespace Workbench.Runs.Tests;

/// <summary>Which queue a run goes to, which queues a worker serves, and in what order it takes from them.</summary>
public sealed class DeviceQueuesTests
{
    [Fact]
    public void A_run_goes_to_the_queue_of_the_device_it_needs()
    {
        Assert.Equal(RunQueues.Any, RunQueues.For(new CreativitySpec().Device));
        Assert.Equal(RunQueues.Cpu, RunQueues.For(DeviceRequirement.Cpu));
        Assert.Equal(RunQueues.Cuda, RunQueues.For(DeviceRequirement.Cuda));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cpu_worker_never_serves_the_queue_of_runs_that_need_cuda(bool takesCpuWork)
    {
        var queues = RunQueues.ServedBy("cpu", takesCpuWork);

        Assert.DoesNotContain(RunQueues.Cuda, queues);
        Assert.Contains(RunQueues.Cpu, queues);
        Assert.Contains(RunQueues.Any, queues);
        Assert.Contains(RunQueues.Legacy, queues);
    }

    [Fact]
    public void A_cuda_worker_takes_cpu_work_only_by_setting_and_only_after_cuda_and_any_device_work()
    {
        Assert.DoesNotContain(RunQueues.Cpu, RunQueues.ServedBy("cuda", takesCpuWork: false));
        var queues = RunQueues.ServedBy("cuda", takesCpuWork: true);

        Assert.Equal([RunQueues.Cuda, RunQueues.Any, RunQueues.Cpu, RunQueues.Legacy], queues);
        // Hangfire.PostgreSql fetches from the queue whose name sorts first: the names must sort in this order.
        Assert.Equal(queues, queues.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_job_that_failed_before_its_run_started_is_requeued_with_the_reason_its_worker_gave()
    {
        var now = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
        var queued = new Run { Status = RunStatus.Queued, JobId = "7", Queue = RunQueues.Cuda, SubmittedAt = now.AddMinutes(-1) };
        var failed = new QueuedJob("Failed", now.AddMinutes(-1), Error: "worker vm:1: model gpt2: needs about 9.0 GB in bfloat16; its GPU has 8.0 GB");

        var repair = RunReconciliation.Decide(queued, failed, _ => true, now, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), 3, judgeWorkers: true)!;

        Assert.Equal(RepairKind.QueueAgain, repair.Kind);
        Assert.Contains("its GPU has 8.0 GB", repair.Reason);
    }
}
