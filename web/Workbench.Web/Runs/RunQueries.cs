using Marten;
using Marten.Pagination;
using Workbench.Runs;

namespace Workbench.Web.Runs;

public static class RunQueries
{
    /// <summary>The shared history, newest first.</summary>
    public static async Task<(IReadOnlyList<Run> Items, long Total)> Newest(IQuerySession session, int page, int pageSize, CancellationToken cancellationToken)
    {
        var paged = await session.Query<Run>()
            .OrderByDescending(run => run.SubmittedAt)
            .ToPagedListAsync(page, pageSize, cancellationToken);
        return (paged.ToList(), paged.TotalItemCount);
    }

    /// <summary>The run as it was right after event <paramref name="version"/> of its stream, or null if it had none.</summary>
    public static async Task<Run?> AsOf(IQuerySession session, Guid id, long version, CancellationToken cancellationToken) =>
        version < 1 ? null : await session.Events.AggregateStreamAsync<Run>(id, version: version, token: cancellationToken);

    /// <summary>Runs that replay this one or were cloned from it, newest first.</summary>
    public static async Task<IReadOnlyList<Run>> DerivedFrom(IQuerySession session, Guid id, CancellationToken cancellationToken) =>
        await session.Query<Run>()
            .Where(run => run.ReplayOf == id || run.ClonedFrom == id)
            .OrderByDescending(run => run.SubmittedAt)
            .ToListAsync(cancellationToken);
}
