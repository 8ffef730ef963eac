using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Workbench.Engine;
using Workbench.Runs.Artifacts;
using Workbench.Runs.Submitting;

namespace Workbench.Runs.Exporting;

public enum ImportOutcome { Imported, AlreadyExists, Invalid }

/// <summary>
/// Writes an exported run into this workbench under its original id: the artifacts first (each checked
/// against its hash), then the whole stream in one transaction, so a bad archive changes nothing.
/// </summary>
public static class ImportRun
{
    public static async Task<(ImportOutcome Outcome, string? Error)> Handle(
        IDocumentSession session, ArtifactStore artifacts, RunArchive archive, string importedBy, CancellationToken cancellationToken)
    {
        var (events, error) = Read(archive);
        if (error is not null) return (ImportOutcome.Invalid, error);
        if (await session.Events.FetchStreamStateAsync(archive.RunId, cancellationToken) is not null)
            return (ImportOutcome.AlreadyExists, $"Run {archive.RunId} is already in this workbench.");

        foreach (var (hash, content) in archive.Artifacts) artifacts.Put(Convert.FromBase64String(content));
        session.LastModifiedBy = importedBy;
        var action = session.Events.StartStream<Run>(archive.RunId, events!.Select(e => e.Data).ToArray());
        // Keep when things happened and who caused them, not when and by whom they were imported.
        foreach (var (stored, archived) in action.Events.Zip(events!))
        {
            stored.Timestamp = archived.Timestamp;
            if (archived.User is not null) stored.UserName = archived.User;
        }
        await session.SaveChangesAsync(cancellationToken);
        return (ImportOutcome.Imported, null);
    }

    private static (List<(object Data, DateTimeOffset Timestamp, string? User)>? Events, string? Error) Read(RunArchive archive)
    {
        if (archive.Format != RunArchive.CurrentFormat)
            return (null, $"Unknown archive format \"{archive.Format}\"; this workbench reads \"{RunArchive.CurrentFormat}\".");
        if (archive.Events is not { Count: > 0 }) return (null, "The archive holds no events.");
        foreach (var (hash, content) in archive.Artifacts ?? new Dictionary<string, string>())
        {
            byte[] bytes;
            try { bytes = Convert.FromBase64String(content); }
            catch (FormatException) { return (null, $"Artifact {hash} is not valid base64."); }
            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != hash) return (null, $"Artifact {hash} does not match its hash.");
        }

        var events = new List<(object, DateTimeOffset, string?)>();
        foreach (var archived in archive.Events.OrderBy(e => e.Version))
        {
            // Only this assembly's events: an archive must not make the server instantiate arbitrary types. An event an
            // earlier version wrote (its stored type name says which) is read in its old shape and upcast, as the store does.
            var old = EventVersions.All.FirstOrDefault(version => version.TypeName == archived.Type);
            var type = old?.Type ?? typeof(Run).Assembly.GetType(archived.ClrType.Split(',')[0].Trim());
            if (type is null || (old is null && ExportRun.ClrName(type) != archived.ClrType))
                return (null, $"Event {archived.Version} has an unknown type \"{archived.ClrType}\".");
            object? data;
            try { data = archived.Data.Deserialize(type, ExperimentJson.StoredDataOptions); }
            catch (JsonException exception) { return (null, $"Event {archived.Version} ({archived.Type}) cannot be read: {exception.Message}"); }
            if (old is not null && data is not null) data = old.Upcast(data);
            if (data is null) return (null, $"Event {archived.Version} ({archived.Type}) is empty.");
            events.Add((data, archived.Timestamp, archived.User));
        }
        if (events[0].Item1 is not RunSubmitted submitted || submitted.RunId != archive.RunId)
            return (null, "The archive's first event must be the run's RunSubmitted, with the archive's run id.");
        return (events, null);
    }
}
