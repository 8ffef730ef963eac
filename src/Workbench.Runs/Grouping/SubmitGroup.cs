using Marten;
using Workbench.Runs.Submitting;

namespace Workbench.Runs.Grouping;

/// <summary>Records a group (sweep or recipe) and submits each of its runs as part of it.</summary>
public sealed class SubmitGroup(IDocumentSession session, SubmitRun submitRun)
{
    /// <param name="plan">every spec already valid (<see cref="SweepGrid.Plan"/> or a <see cref="Recipe"/>)</param>
    public async Task<SubmittedGroup> Handle(GroupPlan plan, string submittedBy, CancellationToken cancellationToken)
    {
        var groupId = Guid.CreateVersion7();
        session.LastModifiedBy = submittedBy;
        session.Events.StartStream<Group>(groupId,
            new GroupCreated(groupId, plan.Name, plan.Kind, plan.Recipe, plan.Axes, plan.BaseSpec, submittedBy, plan.Runs.Count));
        await session.SaveChangesAsync(cancellationToken);

        var runIds = new List<Guid>();
        foreach (var run in plan.Runs)
        {
            // SubmitRun shares this session: its next save records the previous run's membership too.
            var runId = await submitRun.Handle(run.Spec, submittedBy, cancellationToken, group: groupId);
            session.Events.Append(groupId, new GroupRunSubmitted(runId, run.Parameters));
            runIds.Add(runId);
        }
        await session.SaveChangesAsync(cancellationToken);
        return new SubmittedGroup(groupId, runIds);
    }
}

public sealed record SubmittedGroup(Guid GroupId, IReadOnlyList<Guid> RunIds);
