using Marten;
using Workbench.Runs.Cancelling;

namespace Workbench.Runs.Grouping;

/// <param name="Cancelled">queued runs, cancelled at once</param>
/// <param name="Stopping">running runs whose workers were asked to stop</param>
/// <param name="AlreadyFinished">runs that had ended before</param>
public sealed record GroupCancellation(int Cancelled, int Stopping, int AlreadyFinished);

/// <summary>Stops a whole sweep or recipe: every run of the group is cancelled the way one run is.</summary>
public sealed class CancelGroup(IDocumentStore store, CancelRun cancel)
{
    /// <returns>null when there is no such group</returns>
    public async Task<GroupCancellation?> Handle(Guid groupId, string requestedBy, CancellationToken cancellationToken)
    {
        Group? group;
        await using (var session = store.QuerySession())
            group = await session.LoadAsync<Group>(groupId, cancellationToken);
        if (group is null) return null;

        var outcomes = new List<CancelOutcome>();
        foreach (var member in group.Runs)
            outcomes.Add(await cancel.Handle(member.RunId, requestedBy, cancellationToken));
        return new GroupCancellation(
            outcomes.Count(outcome => outcome == CancelOutcome.Cancelled),
            outcomes.Count(outcome => outcome == CancelOutcome.CancellationRequested),
            outcomes.Count(outcome => outcome is CancelOutcome.AlreadyFinished or CancelOutcome.NotFound));
    }
}
