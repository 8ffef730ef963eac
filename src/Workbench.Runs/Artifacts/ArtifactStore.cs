using System.Security.Cryptography;

namespace Workbench.Runs.Artifacts;

/// <summary>
/// Large results (checkpoints, sample sets) as files named by the SHA-256 of their content, so events
/// refer to them by hash and an artifact can never change under its name. A folder on disk
/// (setting Artifacts:Path), shared by every host of one workbench.
/// </summary>
public sealed class ArtifactStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Stores the bytes (once: equal content is one file) and returns their hash.</summary>
    public string Put(ReadOnlySpan<byte> content)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = PathOf(hash);
        if (File.Exists(path)) return hash;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written beside and renamed, so a reader never sees half an artifact.
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        File.WriteAllBytes(partial, content);
        File.Move(partial, path, overwrite: true);
        return hash;
    }

    public bool Contains(string hash) => IsHash(hash) && File.Exists(PathOf(hash));

    /// <exception cref="FileNotFoundException">no artifact has this hash</exception>
    public byte[] Read(string hash)
    {
        if (!Contains(hash)) throw new FileNotFoundException($"No artifact {hash} in {Root}.");
        return File.ReadAllBytes(PathOf(hash));
    }

    public static bool IsHash(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);

    private string PathOf(string hash) => Path.Combine(Root, hash[..2], hash);
}
