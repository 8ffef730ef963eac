using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Workbench.Engine;
using Workbench.Runs.Annotating;
using Workbench.Runs.Artifacts;
using Workbench.Runs.Cancelling;
using Workbench.Runs.Executing;
using Workbench.Runs.Submitting;

namespace Workbench.Runs.Exporting;

public enum ImportOutcome { Imported, AlreadyExists, Invalid }

/// <param name="Field">where in the archive the problem is, e.g. <c>events[3].data.spec.trainingSteps</c></param>
public sealed record ImportResult(ImportOutcome Outcome, string? Field = null, string? Error = null);

/// <summary>
/// Writes an exported run into this workbench under its original id, trusting the archive with nothing: every event
/// must be one a run's stream holds, read strictly against its type (no unknown or missing members); the spec must
/// pass its checks; the run must have finished; every artifact must match its hash, and only those the events refer
/// to are kept. Queue ids are another workbench's and are replaced, and every event is recorded as caused by the
/// importer, with a closing <see cref="RunImported"/>. Artifacts are stored first, then the whole stream in one
/// transaction, so a refused archive changes nothing.
/// </summary>
public static class ImportRun
{
    /// <summary>What every job id of an imported run becomes: no job of this workbench has it.</summary>
    public const string ImportedJobId = "imported";

    private static readonly JsonSerializerOptions Strict = new(ExperimentJson.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary><see cref="Strict"/>, but also reading what earlier versions wrote (lists that were text), as the store does.</summary>
    private static readonly JsonSerializerOptions StrictStored = new(ExperimentJson.StoredDataOptions)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The events a run's stream may hold: the types <see cref="Run"/> is built from.</summary>
    private static readonly IReadOnlyDictionary<string, Type> RunEvents = typeof(Run)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        .Where(method => method.Name is nameof(Run.Apply) or nameof(Run.Create) && method.GetParameters().Length == 1)
        .Select(method => method.GetParameters()[0].ParameterType)
        .Select(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEvent<>) ? type.GetGenericArguments()[0] : type)
        .Distinct()
        .ToDictionary(ExportRun.ClrName);

    private sealed record Checked(List<(object Data, DateTimeOffset Timestamp)> Events, List<byte[]> Artifacts, RunImported Imported);

    /// <summary>Reads an archive file strictly: a missing or unknown member is refused, naming it.</summary>
    public static async Task<(RunArchive? Archive, ImportResult? Refused)> Read(Stream json, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<RunArchive>(json, Strict, cancellationToken) is { } archive
                ? (archive, null)
                : (null, Invalid("archive", "a run archive (as exported) is required"));
        }
        catch (JsonException exception)
        {
            return (null, Invalid(FieldOf(exception, "archive"), exception.Message.Split(" Path:")[0]));
        }
    }

    public static async Task<ImportResult> Handle(
        IDocumentSession session, ArtifactStore artifacts, RunArchive archive, string importedBy, CancellationToken cancellationToken)
    {
        var (accepted, refused) = Check(archive, importedBy);
        if (refused is not null) return refused;
        if (await session.Events.FetchStreamStateAsync(archive.RunId, cancellationToken) is not null) return AlreadyHere(archive.RunId);

        foreach (var content in accepted!.Artifacts) await artifacts.PutAsync(new MemoryStream(content, writable: false), cancellationToken);
        session.LastModifiedBy = importedBy;
        var action = session.Events.StartStream<Run>(archive.RunId, [.. accepted.Events.Select(e => e.Data), accepted.Imported]);
        // Keep when things happened; who caused them here is the importer (set above).
        foreach (var (stored, archived) in action.Events.Zip(accepted.Events)) stored.Timestamp = archived.Timestamp;
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            // Another import of the same run committed between the check above and this write.
            return AlreadyHere(archive.RunId);
        }
        return new ImportResult(ImportOutcome.Imported);
    }

    private static (Checked? Accepted, ImportResult? Refused) Check(RunArchive archive, string importedBy)
    {
        if (archive.Format != RunArchive.CurrentFormat)
            return (null, Invalid("format", $"is \"{archive.Format}\"; this workbench reads \"{RunArchive.CurrentFormat}\""));
        if (archive.Events.Count == 0) return (null, Invalid("events", "the archive holds no events"));

        var artifacts = new Dictionary<string, byte[]>();
        foreach (var (hash, content) in archive.Artifacts)
        {
            try { artifacts[hash] = Convert.FromBase64String(content); }
            catch (FormatException) { return (null, Invalid($"artifacts.{hash}", "is not valid base64")); }
            if (Convert.ToHexStringLower(SHA256.HashData(artifacts[hash])) != hash) return (null, Invalid($"artifacts.{hash}", "does not match its hash"));
        }

        var events = new List<(object Data, DateTimeOffset Timestamp)>();
        for (var i = 0; i < archive.Events.Count; i++)
        {
            var (data, problem) = ReadEvent(archive.Events[i], i);
            if (problem is not null) return (null, problem);
            events.Add((data!, archive.Events[i].Timestamp));
        }
        if (events[0].Data is not RunSubmitted submitted || submitted.RunId != archive.RunId)
            return (null, Invalid("events[0]", "the first event must be the run's RunSubmitted, with the archive's run id"));
        if (events.Skip(1).Any(e => e.Data is RunSubmitted)) return (null, Invalid("events", "a run is submitted once"));
        if (submitted.Spec.Validate() is [var specError, ..])
            return (null, Invalid($"events[0].data.spec.{specError.Field}", specError.Message));
        var lastEnd = events.FindLastIndex(e => e.Data is RunSucceeded or RunFailed or RunCancelled);
        if (lastEnd < 0 || events.Skip(lastEnd).Any(e => e.Data is RunQueued or RunStarted))
            return (null, Invalid("events", "only a finished run can be imported: the stream must end succeeded, failed or cancelled"));

        var referenced = events.SelectMany(e => ExportRun.ArtifactsOf(e.Data)).ToHashSet();
        if (referenced.FirstOrDefault(hash => !ArtifactStore.IsHash(hash)) is { } malformed)
            return (null, Invalid("events", $"refers to an artifact \"{malformed}\", which is not a SHA-256"));
        var kept = artifacts.Where(artifact => referenced.Contains(artifact.Key)).Select(artifact => artifact.Value).ToList();
        var archivedUsers = archive.Events.Select(e => e.User).OfType<string>().Distinct().ToList();
        return (new Checked(events, kept, new RunImported(importedBy, archivedUsers, archive.Artifacts.Count - kept.Count)), null);
    }

    private static (object? Data, ImportResult? Problem) ReadEvent(ArchivedEvent archived, int index)
    {
        var at = $"events[{index}]";
        if (archived.Version != index + 1) return (null, Invalid($"{at}.version", $"is {archived.Version}; the events must be numbered 1, 2, 3 … in order"));
        // Only the events of a run: an archive must not make the server instantiate any other type. An event an earlier
        // version wrote (its stored type name says which) is read in its old shape and upcast, as the store does.
        var old = EventVersions.All.FirstOrDefault(version => version.TypeName == archived.Type);
        if (old is null && !RunEvents.TryGetValue(archived.ClrType, out _))
            return (null, Invalid($"{at}.clrType", $"\"{archived.ClrType}\" is not an event of a run's stream"));
        var type = old?.Type ?? RunEvents[archived.ClrType];
        if (TextInput.UnstorableIn(archived.Data).FirstOrDefault() is ({ } path, { } unstorable))
            return (null, Invalid(path.Length == 0 ? $"{at}.data" : $"{at}.data.{path}", unstorable));
        object? data;
        try { data = WithoutJobIds(archived.Data).Deserialize(type, StrictStored); }
        catch (JsonException exception) { return (null, Invalid(FieldOf(exception, $"{at}.data", $"{at}.data."), exception.Message.Split(" Path:")[0])); }
        if (old is not null && data is not null) data = old.Upcast(data);
        var annotationProblem = data switch
        {
            null => "is empty",
            RunTagged tagged => AnnotateRun.TagError(tagged.Tag),
            RunNoteAdded noted => AnnotateRun.NoteError(noted.Text),
            _ => null,
        };
        return annotationProblem is null ? (data, null) : (null, Invalid($"{at}.data", annotationProblem));
    }

    /// <summary>Queue ids belong to the workbench that issued them: here they would name some other run's job.</summary>
    private static JsonElement WithoutJobIds(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object) return data;
        var json = JsonNode.Parse(data.GetRawText())!.AsObject();
        foreach (var name in json.Select(property => property.Key).Where(key => key.Equals("jobId", StringComparison.OrdinalIgnoreCase)).ToList())
            json[name] = ImportedJobId;
        return JsonSerializer.SerializeToElement(json);
    }

    /// <summary>The member a JSON error is about: its path, or the first required member it says is missing.</summary>
    private static string FieldOf(JsonException exception, string whole, string prefix = "")
    {
        var missing = exception.Message.Split("including: ", 2);
        if (missing.Length == 2) return prefix + missing[1].Split('\'', StringSplitOptions.RemoveEmptyEntries)[0];
        return exception.Path is { Length: > 1 } path ? prefix + path.TrimStart('$', '.') : whole;
    }

    private static ImportResult Invalid(string field, string error) => new(ImportOutcome.Invalid, field, error);

    private static ImportResult AlreadyHere(Guid runId) => new(ImportOutcome.AlreadyExists, "runId", $"Run {runId} is already in this workbench.");
}
