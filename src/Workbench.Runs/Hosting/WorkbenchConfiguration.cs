using Microsoft.Extensions.Configuration;
using Workbench.Engine;
using Workbench.Engine.Pretrained;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Hosting;

public static class WorkbenchConfiguration
{
    /// <summary>ConnectionStrings:Workbench (env: ConnectionStrings__Workbench), the same in every host and script.</summary>
    public static string WorkbenchConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString("Workbench")
        ?? throw new InvalidOperationException(
            "No PostgreSQL connection string: set ConnectionStrings__Workbench (infra/run.sh does this for you).");

    /// <summary>
    /// Artifacts:Store (env: Artifacts__Store): "folder" (the default) keeps artifacts in the folder Artifacts:Path,
    /// which every host of one workbench must share (default: the user's local data folder); "postgres" keeps them
    /// in the workbench's database, so hosts on other machines need nothing else.
    /// </summary>
    public static ArtifactStore ArtifactStore(this IConfiguration configuration) => configuration["Artifacts:Store"]?.Trim().ToLowerInvariant() switch
    {
        null or "" or Artifacts.ArtifactStore.FolderKind => new FolderArtifactStore(
            configuration["Artifacts:Path"] is { Length: > 0 } path ? path
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "workbench", "artifacts")),
        Artifacts.ArtifactStore.PostgresKind => new PostgresArtifactStore(configuration.WorkbenchConnectionString()),
        var other => throw new InvalidOperationException(
            $"Artifacts:Store is \"{other}\"; it must be {Artifacts.ArtifactStore.FolderKind} or {Artifacts.ArtifactStore.PostgresKind}."),
    };

    /// <summary>
    /// Models:Path (env: Models__Path): the models folder, one Hugging Face model folder per model, which the web app
    /// (checking names at submit) and every worker (loading them) must see alike, shared like the artifacts folder or mounted at the same path (default: the user's
    /// local data folder).
    /// </summary>
    public static ModelLibrary ModelLibrary(this IConfiguration configuration) => new(
        configuration["Models:Path"] is { Length: > 0 } path ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "workbench", "models"));

    /// <summary>
    /// Experiments:Plugins (env: Experiments__Plugins): assemblies with experiment kinds of one's own, separated by ';'
    /// (<see cref="ExperimentKinds.LoadPlugins"/>). Every host of one workbench must load the same ones.
    /// </summary>
    public static void LoadExperimentPlugins(this IConfiguration configuration) =>
        ExperimentKinds.LoadPlugins((configuration["Experiments:Plugins"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries));
}
