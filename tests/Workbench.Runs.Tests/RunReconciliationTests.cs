using Workbench.Runs.Reconciling;

namespace Workbench.Runs.Tests;

/// <summary>The reconciler's decisions, case by case: given a run, its job and who is alive, which repair (if any).</summary>
public sealed class RunReconciliationTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Invisibility = TimeSpan.FromMinutes(2);

    private static Repair? Decide(Run run, QueuedJob? job, bool workerAlive = false, bool judgeWorkers = true) =>
        RunReconciliation.Decide(run, job, server => workerAlive && server is not null, Now, Grace, Invisibility, maxRequeues: 3, judgeWorkers);

    private static Run Running(string? cancelledBy = null, int requeues = 0) => new()
    {
        Status = RunStatus.Running, JobId = "7", Server = "vm:42:abc", Attempt = 1, CancellationRequestedBy = cancelledBy, Requeues = requeues,
        SubmittedAt = Now.AddMinutes(-5),
    };

    private static QueuedJob Job(string state, double minutesAgo = 5) => new(state, Now.AddMinutes(-minutesAgo));

    [Fact]
    public void A_run_submitted_without_a_job_is_queued_once_the_grace_has_passed()
    {
        var fresh = new Run { Status = RunStatus.Submitted, SubmittedAt = Now.AddSeconds(-5) };
        var stale = new Run { Status = RunStatus.Submitted, SubmittedAt = Now.AddMinutes(-1) };

        Assert.Null(Decide(fresh, null));
        Assert.Equal(RepairKind.QueueAgain, Decide(stale, null)!.Kind);
    }

    [Fact]
    public void A_job_left_on_hold_by_an_interrupted_submit_is_released()
    {
        var queued = new Run { Status = RunStatus.Queued, JobId = "7", SubmittedAt = Now.AddMinutes(-1) };

        Assert.Null(Decide(queued, Job("Scheduled", minutesAgo: 0.1)));
        var repair = Decide(queued, Job("Scheduled"))!;
        Assert.Equal(RepairKind.Release, repair.Kind);
        Assert.Contains("job 7", repair.Reason);
    }

    [Fact]
    public void A_queued_run_waiting_for_a_worker_is_left_alone_and_one_whose_job_is_gone_is_queued_again()
    {
        var queued = new Run { Status = RunStatus.Queued, JobId = "7", SubmittedAt = Now.AddMinutes(-1) };

        Assert.Null(Decide(queued, Job("Enqueued")));
        Assert.Equal(RepairKind.QueueAgain, Decide(queued, null)!.Kind);
        Assert.Equal(RepairKind.QueueAgain, Decide(queued, Job("Failed"))!.Kind);
    }

    [Fact]
    public void A_run_on_a_live_worker_is_left_alone()
    {
        Assert.Null(Decide(Running(), Job("Processing"), workerAlive: true));
        // Cancel asked for: deleting the job tells the live worker, which records the cancel itself.
        Assert.Null(Decide(Running(cancelledBy: "ada"), Job("Deleted"), workerAlive: true));
    }

    [Fact]
    public void A_run_whose_worker_died_goes_back_to_the_queue_with_the_reason()
    {
        var repair = Decide(Running(), Job("Processing"))!;

        Assert.Equal(RepairKind.QueueAgain, repair.Kind);
        Assert.Equal("its worker vm:42:abc stopped (job 7 was Processing)", repair.Reason);
        Assert.Equal(RepairKind.QueueAgain, Decide(Running(), Job("Failed"))!.Kind);
        Assert.Equal(RepairKind.QueueAgain, Decide(Running(), null)!.Kind);
    }

    [Fact]
    public void A_cancel_nobody_is_left_to_honour_is_recorded_by_the_reconciler()
    {
        var repair = Decide(Running(cancelledBy: "ada"), Job("Deleted"))!;

        Assert.Equal(RepairKind.Cancel, repair.Kind);
        Assert.Contains("stopped before it could stop the run", repair.Reason);
    }

    [Fact]
    public void A_live_worker_that_let_go_of_its_job_has_the_run_queued_again()
    {
        Assert.Equal(RepairKind.QueueAgain, Decide(Running(), Job("Failed"), workerAlive: true)!.Kind);
    }

    [Fact]
    public void Right_after_the_database_came_back_no_worker_is_judged_dead()
    {
        Assert.Null(Decide(Running(), Job("Processing"), judgeWorkers: false));
        Assert.Null(Decide(Running(cancelledBy: "ada"), Job("Deleted"), judgeWorkers: false));
    }

    [Fact]
    public void A_run_handed_out_again_too_often_fails_with_the_last_reason()
    {
        var repair = Decide(Running(requeues: 3), Job("Processing"))!;

        Assert.Equal(RepairKind.Fail, repair.Kind);
        Assert.StartsWith("gave up after 3 requeues: its worker vm:42:abc stopped", repair.Reason);
    }

    [Fact]
    public void Finished_runs_are_never_touched()
    {
        Assert.Null(Decide(new Run { Status = RunStatus.Succeeded, JobId = "7" }, null));
    }
}
