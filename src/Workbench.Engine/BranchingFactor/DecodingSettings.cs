using Workbench.Engine.Generation;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// The decoding a branching-factor spec names (branching-factor.md, "The quantity"): temperature first, then top-k,
/// then top-p, each on what the previous one left, renormalised once at the end — the engine's <see cref="Decoding"/>
/// rules, as the specs record them.
/// </summary>
/// <param name="Temperature">divides the log-probabilities; 0 is greedy (all mass on the most likely token)</param>
/// <param name="TopP">keep the most likely tokens until their cumulative probability reaches this (1 keeps all)</param>
/// <param name="TopK">keep at most this many most likely tokens (0 keeps all)</param>
public sealed record DecodingSettings(double Temperature = 1.0, double TopP = 1.0, int TopK = 0)
{
    /// <summary>The plain softmax: no temperature, no truncation.</summary>
    public static DecodingSettings Plain { get; } = new();

    /// <summary>The engine's rules for these settings.</summary>
    public Decoding ToDecoding() => new(Temperature, TopK, TopP);
}
