namespace Workbench.Engine;

/// <summary>Where and with what the engine computes; recorded in every run so a replay can compare.</summary>
/// <param name="Device">"cpu" or "cuda".</param>
/// <param name="GenerationEngineVersion">what <see cref="Generation.GenerationEngine.Version"/> wrote the run's samples;
/// 1 for runs recorded before the engine had a version</param>
public sealed record TorchEnvironment(string Device, int Threads, string TorchSharpVersion, string LibTorchVersion, int GenerationEngineVersion = 1);
