using Marten;
using Workbench.Runs;

namespace Workbench.Web.Runs;

public static class RunQueries
{
    /// <summary>The runs with these ids, in the order given, and the ids that match no run.</summary>
    public static async Task<(IReadOnlyList<Run> Found, IReadOnlyList<Guid> Missing)> Load(
        IQuerySession session, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var runs = (await session.LoadManyAsync<Run>(cancellationToken, ids)).ToDictionary(run => run.Id);
        return ([.. ids.Where(runs.ContainsKey).Select(id => runs[id])], [.. ids.Where(id => !runs.ContainsKey(id))]);
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
