namespace Workbench.Engine.Pretrained;

/// <summary>
/// A model folder the engine refuses: an unknown architecture, a config field it does not implement, a missing
/// shard or tensor, a changed file. The message names the file and field so that the user can act on it.
/// </summary>
public sealed class ModelLoadException(string message) : Exception(message);
