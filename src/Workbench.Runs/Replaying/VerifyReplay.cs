using System.Text.Json.Nodes;
using Marten;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Replaying;

/// <summary>Reads the verdict of a replay (or clone) against the run it came from.</summary>
public static class VerifyReplay
{
    /// <param name="artifacts">where the two results' details are read from when their hashes differ (a newer version may
    /// report more in them)</param>
    /// <returns>null when the run is unknown or neither replays nor clones another run</returns>
    public static async Task<ReplayVerdict?> For(IQuerySession session, ArtifactStore artifacts, Guid runId, CancellationToken cancellationToken)
    {
        var replay = await session.LoadAsync<Run>(runId, cancellationToken);
        if (replay is null || (replay.ReplayOf ?? replay.ClonedFrom) is not { } originalId) return null;
        var original = await session.LoadAsync<Run>(originalId, cancellationToken);
        if (original is null) return null;
        var originalEvents = await session.Events.FetchStreamAsync(originalId, token: cancellationToken);
        var replayEvents = await session.Events.FetchStreamAsync(runId, token: cancellationToken);
        var details = new Dictionary<string, JsonNode?>();
        if (original.Details is { } originalDetails && replay.Details is { } replayDetails && originalDetails != replayDetails)
            foreach (var hash in new[] { originalDetails, replayDetails })
                details[hash] = await Read(artifacts, hash, cancellationToken);
        return ReplayVerdict.Compare(original, [.. originalEvents.Select(e => e.Data)], replay, [.. replayEvents.Select(e => e.Data)],
            hash => details.GetValueOrDefault(hash));
    }

    /// <returns>null when the artifact is missing or not JSON: the verdict then compares the hashes alone</returns>
    private static async Task<JsonNode?> Read(ArtifactStore artifacts, string hash, CancellationToken cancellationToken)
    {
        await using var content = await artifacts.OpenReadAsync(hash, cancellationToken);
        if (content is null) return null;
        try
        {
            return await JsonNode.ParseAsync(content, cancellationToken: cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
