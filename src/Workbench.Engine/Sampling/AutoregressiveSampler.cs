using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Sampling;

/// <summary>
/// Writes answers token by token for a batch of prompts at once. Temperature 0 is greedy (argmax);
/// otherwise each token is drawn from softmax(logits / temperature) with the given generator, so the
/// same generator state, model and prompts give the same answers.
/// </summary>
public static class AutoregressiveSampler
{
    /// <param name="prompts">prompts of equal length, one per answer wanted</param>
    /// <param name="maxAnswerLength">tokens written at most per answer, the end token included</param>
    /// <returns>per prompt, the tokens written up to and including the first end token, or
    /// <paramref name="maxAnswerLength"/> tokens if it never came</returns>
    public static int[][] Sample(Transformer model, IReadOnlyList<int[]> prompts, int maxAnswerLength, double temperature, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(temperature);
        if (prompts.Count == 0) return [];
        var promptLength = prompts[0].Length;
        if (prompts.Any(prompt => prompt.Length != promptLength))
            throw new ArgumentException("Prompts in one batch must have the same length.", nameof(prompts));
        if (promptLength + maxAnswerLength - 1 > model.Shape.ContextLength)
            throw new ArgumentException($"Prompt and answer exceed the model's context of {model.Shape.ContextLength}.", nameof(maxAnswerLength));

        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        var batch = prompts.Count;
        var sequence = tensor(prompts.SelectMany(prompt => prompt.Select(token => (long)token)).ToArray(), [batch, promptLength], device: device);
        var finished = zeros(batch, dtype: ScalarType.Bool, device: device);
        for (var written = 0; written < maxAnswerLength; written++)
        {
            var logits = model.call(sequence).select(1, -1);                                          // (batch, vocabulary)
            var next = temperature == 0
                ? logits.argmax(1, keepdim: true)                                                     // (batch, 1)
                : nn.functional.softmax(logits / temperature, 1).multinomial(1, generator: generator); // (batch, 1)
            sequence = cat([sequence, next], 1);                                                      // (batch, promptLength + written + 1)
            finished = finished.logical_or(next.squeeze(1).eq(Vocabulary.End));
            // Every answer is complete: more tokens would be cut off anyway.
            if (finished.all().item<bool>()) break;
        }
        var answers = sequence.slice(1, promptLength, sequence.shape[1], 1).cpu();                    // (batch, written)
        var width = (int)answers.shape[1];
        var tokens = answers.data<long>().ToArray();
        return [.. Enumerable.Range(0, batch).Select(row => UpToEnd(tokens.AsSpan(row * width, width)))];
    }

    private static int[] UpToEnd(ReadOnlySpan<long> tokens)
    {
        var end = tokens.IndexOf((long)Vocabulary.End);
        var kept = end < 0 ? tokens : tokens[..(end + 1)];
        var answer = new int[kept.Length];
        for (var i = 0; i < kept.Length; i++) answer[i] = (int)kept[i];
        return answer;
    }
}
