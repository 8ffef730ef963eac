namespace Workbench.Runs.Artifacts;

/// <summary>
/// Artifacts as files named by their hash in a folder (setting Artifacts:Path): for a workbench on one machine,
/// or hosts that share a volume.
/// </summary>
public sealed class FolderArtifactStore(string root) : ArtifactStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public override async Task<string> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Root);
        // Written beside and renamed once complete, so a reader never sees half an artifact.
        var partial = Path.Combine(Root, $"{Guid.NewGuid():N}.partial");
        try
        {
            string hash;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
                hash = await HashWhileCopying(content, file.WriteAsync, cancellationToken).ConfigureAwait(false);
            var path = PathOf(hash);
            if (File.Exists(path)) return hash;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(partial, path, overwrite: true);
            return hash;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public override Task<Stream?> OpenReadAsync(string hash, CancellationToken cancellationToken = default)
    {
        if (!IsHash(hash)) return Task.FromResult<Stream?>(null);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(hash), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public override Task<bool> ContainsAsync(string hash, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsHash(hash) && File.Exists(PathOf(hash)));

    public override string ToString() => $"folder {Root}";

    private string PathOf(string hash) => Path.Combine(Root, hash[..2], hash);
}
