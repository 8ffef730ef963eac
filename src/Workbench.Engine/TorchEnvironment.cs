namespace Workbench.Engine;

/// <summary>Where and with what the engine computes; recorded in every run so a replay can compare.</summary>
/// <param name="Device">"cpu" or "cuda".</param>
public sealed record TorchEnvironment(string Device, int Threads, string TorchSharpVersion, string LibTorchVersion);
