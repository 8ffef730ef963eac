using Workbench.Engine.Generation;
using static TorchSharp.torch;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Draws a prompt's samples through the generation engine, all of them advancing together, with the entropy and
/// log-probability of the decoding distribution recorded at every step (the estimators' inputs).
/// </summary>
public static class OutputSampler
{
    /// <param name="maxLength">tokens per output at most, the end token included</param>
    /// <param name="random">seeds the torch generator that draws every token, so a seed repeats the outputs and one stream
    /// shared by several calls gives each its own draws</param>
    public static IReadOnlyList<SampledOutput> Sample(INextTokenModel model, int[] prompt, DecodingSettings settings, int samples, int maxLength, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        using var state = model.StartDecoding([.. Enumerable.Repeat(prompt, samples)], maxLength);
        using var generator = new Generator((ulong)random.NextInt64(), state.Device);
        return GenerationEngine.Decode(state, new GenerationOptions(maxLength, settings.ToDecoding(), [model.EndToken], Measure: true), generator);
    }
}
