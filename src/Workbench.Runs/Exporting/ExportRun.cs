using System.Text.Json;
using Marten;
using Workbench.Engine;
using Workbench.Runs.Artifacts;
using Workbench.Runs.Executing;

namespace Workbench.Runs.Exporting;

public static class ExportRun
{
    /// <returns>null when there is no such run</returns>
    /// <exception cref="InvalidOperationException">the run has not finished: a moving stream cannot be archived</exception>
    public static async Task<RunArchive?> Handle(IQuerySession session, ArtifactStore artifacts, Guid runId, CancellationToken cancellationToken)
    {
        var run = await session.LoadAsync<Run>(runId, cancellationToken);
        if (run is null) return null;
        if (!run.IsFinished) throw new InvalidOperationException("Only a finished run can be exported.");

        var events = await session.Events.FetchStreamAsync(runId, token: cancellationToken);
        var archived = events.Select(e => new ArchivedEvent(
            e.Version, e.EventTypeName, ClrName(e.Data.GetType()), e.Timestamp, e.UserName,
            JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), ExperimentJson.Options))).ToList();
        var referenced = new Dictionary<string, string>();
        foreach (var hash in events.Select(e => e.Data).SelectMany(ArtifactsOf).Distinct())
        {
            await using var content = await artifacts.OpenReadAsync(hash, cancellationToken);
            if (content is null) continue;
            using var bytes = new MemoryStream();
            await content.CopyToAsync(bytes, cancellationToken);
            referenced[hash] = Convert.ToBase64String(bytes.GetBuffer(), 0, (int)bytes.Length);
        }
        return new RunArchive(RunArchive.CurrentFormat, runId, archived, referenced);
    }

    /// <summary>Every artifact hash an event refers to.</summary>
    public static IEnumerable<string> ArtifactsOf(object data) => data switch
    {
        CheckpointSaved saved => [saved.Artifact],
        EvaluationCompleted evaluated => new[] { evaluated.Details, evaluated.AllExamples }.OfType<string>(),
        _ => [],
    };

    internal static string ClrName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
