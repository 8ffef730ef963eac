using System.Text.Json;
using JasperFx.Events;
using Workbench.Engine;

namespace Workbench.Runs.Grouping;

/// <summary>
/// A sweep or recipe as its event stream says it is now, kept inline like <see cref="Run"/>. The runs' own state
/// (status, metrics) stays in their <see cref="Run"/> documents, found by <see cref="Run.Group"/>.
/// </summary>
public sealed class Group
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public GroupKind Kind { get; set; }
    public string? Recipe { get; set; }
    public List<GroupAxis> Axes { get; set; } = [];
    public ExperimentSpec BaseSpec { get; set; } = null!;
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int PlannedRuns { get; set; }
    public List<GroupMember> Runs { get; set; } = [];

    public static Group Create(IEvent<GroupCreated> created) => new()
    {
        Id = created.Data.GroupId,
        Name = created.Data.Name,
        Kind = created.Data.Kind,
        Recipe = created.Data.Recipe,
        Axes = [.. created.Data.Axes],
        BaseSpec = created.Data.BaseSpec,
        CreatedBy = created.Data.CreatedBy,
        // PostgreSQL keeps microseconds: round down as Run does, so a rebuilt document is equal.
        CreatedAt = new(created.Timestamp.Ticks - created.Timestamp.Ticks % 10, created.Timestamp.Offset),
        PlannedRuns = created.Data.PlannedRuns,
    };

    public void Apply(GroupRunSubmitted submitted) => Runs.Add(new GroupMember(submitted.RunId, submitted.Parameters));
}

/// <param name="Parameters">the value of each of the group's axes for this run</param>
public sealed record GroupMember(Guid RunId, IReadOnlyDictionary<string, JsonElement> Parameters);
