namespace Workbench.Runs.Models;

/// <summary>A model folder one worker sees in its models folder (Models:Path), and whether it can load it.</summary>
/// <param name="Name">the folder's path under the models folder, e.g. "gpt2" or "meta-llama/Llama-3.2-1B"</param>
/// <param name="Architecture">config.json's model_type, e.g. "llama"; null when the config could not be read</param>
/// <param name="StoredDtypes">the weights' dtypes as stored, e.g. ["BF16"]</param>
/// <param name="Bytes">size on disk, every file</param>
/// <param name="Sha256">the manifest hash runs record (<see cref="Engine.Pretrained.ModelManifest"/>); null for a folder that cannot be loaded</param>
/// <param name="Problem">why this worker cannot load it (a refused config, a missing file, too big for its memory); null when it can</param>
public sealed record VisibleModel(
    string Name, string? Architecture, long? Parameters, IReadOnlyList<string> StoredDtypes, long Bytes, string? Sha256, string? Problem);
