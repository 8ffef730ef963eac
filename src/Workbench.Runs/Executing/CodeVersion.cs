using System.Reflection;

namespace Workbench.Runs.Executing;

/// <summary>The source a worker was built from: the git commit, and whether the tree had uncommitted changes.</summary>
/// <param name="Commit">the full commit id, or "unknown" when built outside git without CODE_VERSION</param>
public sealed record CodeVersion(string Commit, bool Dirty)
{
    /// <summary>Baked in at build time (see Directory.Build.targets) as "commit" or "commit-dirty".</summary>
    public static CodeVersion Current { get; } = Parse(
        typeof(CodeVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "CodeVersion")?.Value ?? "unknown");

    public static CodeVersion Parse(string stamped) =>
        stamped.EndsWith("-dirty", StringComparison.Ordinal) ? new(stamped[..^"-dirty".Length], true) : new(stamped, false);

    public override string ToString() => Dirty ? $"{Commit} (uncommitted changes)" : Commit;
}
