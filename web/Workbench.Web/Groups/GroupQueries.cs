using Marten;
using Marten.Pagination;
using Workbench.Runs;
using Workbench.Runs.Grouping;

namespace Workbench.Web.Groups;

/// <summary>A group with how far its runs have got.</summary>
/// <param name="Finished">runs that succeeded, failed or were cancelled</param>
public sealed record GroupSummary(
    Guid Id, string Name, GroupKind Kind, string? Recipe, string Experiment, string CreatedBy, DateTimeOffset CreatedAt,
    int Runs, int Finished, int Succeeded, int Failed)
{
    public static GroupSummary Of(Group group, IReadOnlyCollection<RunStatus> statuses) => new(
        group.Id, group.Name, group.Kind, group.Recipe, Workbench.Engine.ExperimentJson.KindOf(group.BaseSpec), group.CreatedBy, group.CreatedAt,
        Math.Max(group.PlannedRuns, statuses.Count),
        statuses.Count(status => status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled),
        statuses.Count(status => status == RunStatus.Succeeded),
        statuses.Count(status => status == RunStatus.Failed));
}

public static class GroupQueries
{
    /// <summary>Every group, newest first, with its progress.</summary>
    public static async Task<(IReadOnlyList<GroupSummary> Items, long Total)> Newest(IQuerySession session, int page, int pageSize, CancellationToken cancellationToken)
    {
        var groups = await session.Query<Group>()
            .OrderByDescending(group => group.CreatedAt)
            .ToPagedListAsync(page, pageSize, cancellationToken);
        Guid?[] ids = [.. groups.Select(group => (Guid?)group.Id)];
        var statuses = (await session.Query<Run>()
                .Where(run => ids.Contains(run.Group))
                .Select(run => new RunOfGroup(run.Group, run.Status))
                .ToListAsync(cancellationToken))
            .ToLookup(run => run.Group!.Value, run => run.Status);
        return ([.. groups.Select(group => GroupSummary.Of(group, [.. statuses[group.Id]]))], groups.TotalItemCount);
    }

    /// <summary>The group and its runs' current documents, or null if there is no such group.</summary>
    public static async Task<(Group Group, GroupResults Results)?> WithResults(IQuerySession session, Guid id, CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<Group>(id, cancellationToken);
        if (group is null) return null;
        var runs = await session.Query<Run>()
            .Where(run => run.Group == id)
            .Select(run => new RunOutcome { Id = run.Id, Status = run.Status, Metrics = run.Metrics, Spec = run.Spec })
            .ToListAsync(cancellationToken);
        return (group, GroupResults.Of(group, runs));
    }

    private sealed record RunOfGroup(Guid? Group, RunStatus Status);
}
