using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Sampling;

/// <summary>
/// Writes answers token by token for a batch of prompts at once (next-token models). Each token is chosen
/// by a <see cref="Decoding"/> with the given generator, so the same generator state, model and prompts give
/// the same answers. By default the model runs incrementally with a <see cref="KeyValueCache"/>, reading
/// each token once; the uncached path re-reads the whole sequence every step and is kept as the reference.
/// </summary>
public static class AutoregressiveSampler
{
    /// <summary>Samples with temperature only, from the whole vocabulary.</summary>
    public static int[][] Sample(Transformer model, IReadOnlyList<int[]> prompts, int maxAnswerLength, double temperature, Generator generator) =>
        Sample(model, prompts, maxAnswerLength, new Decoding(temperature), generator);

    /// <param name="prompts">prompts of equal length, one per answer wanted</param>
    /// <param name="maxAnswerLength">tokens written at most per answer, the end token included</param>
    /// <param name="cached">read each token once through a key-value cache</param>
    /// <returns>per prompt, the tokens written up to and including the first end token, or
    /// <paramref name="maxAnswerLength"/> tokens if it never came</returns>
    public static int[][] Sample(Transformer model, IReadOnlyList<int[]> prompts, int maxAnswerLength, Decoding decoding, Generator generator, bool cached = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decoding.Temperature);
        if (prompts.Count == 0) return [];
        var promptLength = SamplerInput.EqualLength(prompts);
        if (promptLength + maxAnswerLength - 1 > model.Shape.ContextLength)
            throw new ArgumentException($"Prompt and answer exceed the model's context of {model.Shape.ContextLength}.", nameof(maxAnswerLength));

        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var cache = cached ? model.NewCache() : null;
        var batch = prompts.Count;
        var sequence = SamplerInput.Tensor(prompts, model);                                       // (batch, promptLength)
        var unread = sequence;                                                                    // what the cache has not seen
        var finished = zeros(batch, dtype: ScalarType.Bool, device: sequence.device);
        for (var written = 0; written < maxAnswerLength; written++)
        {
            var logits = (cached ? model.Forward(unread, cache) : model.call(sequence)).select(1, -1); // (batch, vocabulary)
            var next = decoding.Choose(logits, generator);                                       // (batch, 1)
            sequence = cat([sequence, next], 1);                                                  // (batch, promptLength + written + 1)
            unread = next;
            finished = finished.logical_or(next.squeeze(1).eq(Vocabulary.End));
            // Every answer is complete: more tokens would be cut off anyway.
            if (finished.all().item<bool>()) break;
        }
        return SamplerInput.Answers(sequence.slice(1, promptLength, sequence.shape[1], 1));
    }
}
