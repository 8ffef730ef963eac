using Marten;
using Workbench.Runs.Submitting;

namespace Workbench.Runs.Grouping;

/// <summary>
/// Records a group (sweep or recipe) and all its runs in one commit, then hands each run to the queue:
/// a crash leaves either nothing or the whole group, whose unqueued runs the reconciler queues.
/// </summary>
public sealed class SubmitGroup(IDocumentStore store, SubmitRun submitRun)
{
    /// <param name="plan">every spec already valid (<see cref="SweepGrid.Plan"/> or a <see cref="Recipe"/>)</param>
    public async Task<SubmittedGroup> Handle(GroupPlan plan, string submittedBy, CancellationToken cancellationToken)
    {
        var groupId = Guid.CreateVersion7();
        var runIds = new List<Guid>();
        await using (var session = store.LightweightSession())
        {
            session.LastModifiedBy = submittedBy;
            session.Events.StartStream<Group>(groupId,
                new GroupCreated(groupId, plan.Name, plan.Kind, plan.Recipe, plan.Axes, plan.BaseSpec, submittedBy, plan.Runs.Count));
            foreach (var run in plan.Runs)
            {
                var runId = SubmitRun.Record(session, run.Spec, submittedBy, group: groupId);
                session.Events.Append(groupId, new GroupRunSubmitted(runId, run.Parameters));
                runIds.Add(runId);
            }
            await session.SaveChangesAsync(cancellationToken);
        }
        await submitRun.Queue(runIds, submittedBy);
        return new SubmittedGroup(groupId, runIds);
    }
}

public sealed record SubmittedGroup(Guid GroupId, IReadOnlyList<Guid> RunIds);
