using System.Reflection;

namespace Workbench.Runs.Executing;

/// <summary>The git commit this build was made from, baked in at build time (see Directory.Build.targets).</summary>
public static class CodeVersion
{
    public static string Current { get; } =
        typeof(CodeVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "CodeVersion")?.Value ?? "unknown";
}
