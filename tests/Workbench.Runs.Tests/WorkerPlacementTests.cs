using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs.Executing;
using Workbench.Runs.Models;
using Workbench.Runs.Submitting;
using Workbench.Runs.Workers;

namespace Workbench.Runs.Tests;

/// <summary>What the Models page and a waiting run say, from the workers' presence records.</summary>
public sealed class WorkerPlacementTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly VisibleModel Gpt2 = new("gpt2", "gpt2", 124_000_000, ["F32"], 500_000_000, "ab12cd34ef56ab12cd34ef56", null);

    private static WorkerStatus Worker(
        string id, string device, IReadOnlyList<VisibleModel>? models = null, bool stale = false, int running = 0, long memory = 16L << 30) =>
        new(new WorkerPresence(id, "vm", 1, device, device == "cuda" ? "bfloat16" : "float32", null, memory,
            RunQueues.ServedBy(device, takesCpuWork: false), 1, false,
            [.. Enumerable.Range(0, running).Select(_ => new RunInProgress(Guid.NewGuid(), 1, "a run", Now))],
            $"/models/{id}", null, models ?? [], new CodeVersion("abc", false), Now, Now), stale, TimeSpan.Zero);

    private static Run Queued(DeviceRequirement device) => new()
    {
        Spec = new CreativitySpec { Device = device }, Status = RunStatus.Queued, Queue = RunQueues.For(device),
    };

    [Fact]
    public void A_run_that_needs_cuda_says_no_live_worker_serves_its_queue_while_only_cpu_workers_are_up()
    {
        var placement = RunPlacement.Of(Queued(DeviceRequirement.Cuda), [Worker("vm:1", "cpu"), Worker("vm:2", "cuda", stale: true)]);

        Assert.Equal(RunQueues.Cuda, placement.Queue);
        Assert.Empty(placement.ServedBy);
        Assert.Contains($"No live worker serves queue {RunQueues.Cuda}", placement.Waiting);
        Assert.Contains("vm:1 on cpu", placement.Waiting);
        Assert.DoesNotContain("vm:2", placement.Waiting);
    }

    [Fact]
    public void A_run_says_which_free_worker_takes_it_or_that_they_are_busy_and_nothing_once_it_started()
    {
        var any = Queued(DeviceRequirement.Any);

        Assert.Contains("a free worker takes it next (vm:2)", RunPlacement.Of(any, [Worker("vm:1", "cpu", running: 1), Worker("vm:2", "cuda")]).Waiting);
        Assert.Contains("busy (vm:1)", RunPlacement.Of(any, [Worker("vm:1", "cpu", running: 1)]).Waiting);
        any.Status = RunStatus.Running;
        Assert.Null(RunPlacement.Of(any, [Worker("vm:1", "cpu", running: 1)]).Waiting);
    }

    [Fact]
    public void A_worker_cannot_take_a_run_whose_model_it_does_not_see_cannot_load_or_cannot_hold()
    {
        var needsGpt2 = new RunRequirement(DeviceRequirement.Any, ["gpt2"]);
        var twoModels = new RunRequirement(DeviceRequirement.Any, ["gpt2", "gpt2-aligned"]);
        var broken = Gpt2 with { Problem = "config.json: quantization_config is not implemented (quantized weights)." };

        Assert.Null(needsGpt2.Problem(Worker("vm:1", "cpu", [Gpt2]).Worker));
        Assert.Contains("model gpt2 is not in its models folder (/models/vm:1)", needsGpt2.Problem(Worker("vm:1", "cpu").Worker));
        Assert.Contains("quantization_config", needsGpt2.Problem(Worker("vm:1", "cpu", [broken]).Worker));
        // 2 × 124 M parameters in float32 with the margin is about 1.1 GB.
        Assert.Contains("its models together needs about", twoModels.Problem(Worker("vm:1", "cpu", [Gpt2, Gpt2 with { Name = "gpt2-aligned" }], memory: 1L << 30).Worker));
        Assert.Contains("the run needs CUDA", new RunRequirement(DeviceRequirement.Cuda, []).Problem(Worker("vm:1", "cpu").Worker));
    }

    [Fact]
    public void Fine_tuning_a_model_needs_room_for_its_gradients_and_optimizer_state_not_only_its_weights()
    {
        var requirement = RunRequirement.Of(new CreativitySpec { PretrainedModel = "gpt2" });
        var worker = Worker("vm:1", "cpu", [Gpt2], memory: 1L << 30).Worker;

        Assert.Equal(["gpt2"], requirement.Models);
        Assert.Equal(["gpt2"], requirement.Trained!);
        // Its 124 M parameters fit 1 GB to run (≈ 0.6 GB in float32), not to train (16 bytes each, ≈ 2.2 GB).
        Assert.Null(new RunRequirement(DeviceRequirement.Any, ["gpt2"]).Problem(worker));
        Assert.Contains("model gpt2 needs about 2.2 GB to train in float32 with Adam; the host has 1.0 GB", requirement.Problem(worker));
        Assert.Null(requirement.Problem(Worker("vm:2", "cpu", [Gpt2], memory: 4L << 30).Worker));
    }

    [Fact]
    public void A_spec_requires_its_own_device_and_the_kinds_without_pretrained_models_name_none()
    {
        var requirement = RunRequirement.Of(new CreativitySpec { Device = DeviceRequirement.Cpu });

        Assert.Equal(DeviceRequirement.Cpu, requirement.Device);
        Assert.Empty(requirement.Models);
    }

    [Fact]
    public void The_models_list_has_a_row_per_name_and_hash_with_the_live_workers_that_load_it_and_why_the_others_cannot()
    {
        var broken = new VisibleModel("broken", null, null, [], 1234, null, "config.json: model_type 'mamba' is not implemented");
        var workers = new[]
        {
            Worker("vm:1", "cpu", [Gpt2, broken]),
            Worker("vm:2", "cpu"),
            Worker("vm:3", "cpu", [Gpt2 with { Sha256 = "ffff0000ffff0000" }]),
            Worker("vm:4", "cpu", [Gpt2], stale: true),
        };

        var models = ModelCatalog.Of(workers);

        Assert.Equal(["broken", "gpt2", "gpt2"], models.Select(model => model.Name));
        var gpt2 = models.Single(model => model.Sha256 == Gpt2.Sha256);
        Assert.Equal(["vm:1"], gpt2.LoadableBy);
        Assert.Equal(["vm:2", "vm:3"], gpt2.RefusedBy.Select(refusal => refusal.Worker));
        Assert.Contains("not in its models folder /models/vm:2", gpt2.RefusedBy[0].Reason);
        Assert.Contains("its copy differs (sha256 ffff0000ffff", gpt2.RefusedBy[1].Reason);
        var refused = Assert.Single(models, model => model.Name == "broken");
        Assert.Empty(refused.LoadableBy);
        Assert.Contains(refused.RefusedBy, refusal => refusal.Worker == "vm:1" && refusal.Reason.Contains("mamba"));
    }
}
