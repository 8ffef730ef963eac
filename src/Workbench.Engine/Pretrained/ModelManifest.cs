using System.Security.Cryptography;
using System.Text;

namespace Workbench.Engine.Pretrained;

/// <summary>One file of a model folder, by content.</summary>
/// <param name="Path">relative to the folder, with '/' separators</param>
public sealed record ModelFile(string Path, long Bytes, string Sha256);

/// <summary>
/// What a model folder holds, by content: every file's SHA-256, and one hash over them all. A run records it so that a
/// replay can refuse a model whose files changed, naming the file.
/// </summary>
/// <param name="Sha256">hash over the sorted lines "sha256 bytes path"</param>
public sealed record ModelManifest(string Sha256, IReadOnlyList<ModelFile> Files)
{
    public long Bytes => Files.Sum(file => file.Bytes);

    /// <summary>Hashes every file under <paramref name="folder"/> (hidden files and folders excepted).</summary>
    public static ModelManifest Compute(string folder)
    {
        var root = System.IO.Path.GetFullPath(folder);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => System.IO.Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(relative => !relative.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .Select(relative => HashFile(root, relative))
            .ToList();
        return new ModelManifest(HashOf(files), files);
    }

    /// <summary>Throws naming each file that was added, removed or changed since <paramref name="recorded"/>.</summary>
    public void EnsureMatches(ModelManifest recorded)
    {
        if (recorded.Sha256 == Sha256) return;
        var now = Files.ToDictionary(file => file.Path);
        var then = recorded.Files.ToDictionary(file => file.Path);
        var differences = then.Keys.Union(now.Keys).Order(StringComparer.Ordinal).Select(path =>
            !now.TryGetValue(path, out var current) ? $"{path} is missing"
            : !then.TryGetValue(path, out var old) ? $"{path} was added"
            : old.Sha256 != current.Sha256 ? $"{path} changed (sha256 {old.Sha256[..12]}… → {current.Sha256[..12]}…)"
            : null).OfType<string>().ToList();
        if (differences.Count == 0) differences.Add("the manifest hash differs");
        throw new ModelLoadException($"The model is not the recorded one (manifest {recorded.Sha256[..12]}…): {string.Join("; ", differences)}.");
    }

    private static ModelFile HashFile(string root, string relative)
    {
        using var stream = File.OpenRead(System.IO.Path.Combine(root, relative));
        return new ModelFile(relative, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private static string HashOf(IEnumerable<ModelFile> files)
    {
        var lines = string.Concat(files.Select(file => $"{file.Sha256} {file.Bytes} {file.Path}\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines)));
    }
}
