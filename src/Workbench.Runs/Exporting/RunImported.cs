namespace Workbench.Runs.Exporting;

/// <summary>
/// The run's events before this one came from an archive, written into this workbench by <paramref name="ImportedBy"/>.
/// Each of them is recorded as caused by the importer; the names the archive gave are kept here, as its claim.
/// </summary>
/// <param name="ArchivedUsers">who the archive says caused its events (not checked: another workbench's accounts)</param>
/// <param name="DroppedArtifacts">artifacts the archive carried that none of its events refers to, not stored</param>
public sealed record RunImported(string ImportedBy, IReadOnlyList<string> ArchivedUsers, int DroppedArtifacts);
