using Marten;

namespace Workbench.Runs.Replaying;

/// <summary>Reads the verdict of a replay (or clone) against the run it came from.</summary>
public static class VerifyReplay
{
    /// <returns>null when the run is unknown or neither replays nor clones another run</returns>
    public static async Task<ReplayVerdict?> For(IQuerySession session, Guid runId, CancellationToken cancellationToken)
    {
        var replay = await session.LoadAsync<Run>(runId, cancellationToken);
        if (replay is null || (replay.ReplayOf ?? replay.ClonedFrom) is not { } originalId) return null;
        var original = await session.LoadAsync<Run>(originalId, cancellationToken);
        if (original is null) return null;
        var originalEvents = await session.Events.FetchStreamAsync(originalId, token: cancellationToken);
        var replayEvents = await session.Events.FetchStreamAsync(runId, token: cancellationToken);
        return ReplayVerdict.Compare(original, [.. originalEvents.Select(e => e.Data)], replay, [.. replayEvents.Select(e => e.Data)]);
    }
}
