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
}
