using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>What the one-pass samplers (teacherless, diffusion) share: batching equal prompts into a tensor and reading answers back.</summary>
internal static class SamplerInput
{
    /// <returns>the length every prompt has</returns>
    public static int EqualLength(IReadOnlyList<int[]> prompts)
    {
        var length = prompts[0].Length;
        if (prompts.Any(prompt => prompt.Length != length))
            throw new ArgumentException("Prompts in one batch must have the same length.", nameof(prompts));
        return length;
    }

    /// <returns>(batch, promptLength) on the model's device</returns>
    public static Tensor Tensor(IReadOnlyList<int[]> prompts, ICausalLanguageModel model) =>
        tensor(prompts.SelectMany(prompt => prompt.Select(token => (long)token)).ToArray(), [prompts.Count, prompts[0].Length],
            device: model.Device);

    /// <param name="written">(batch, time) the tokens written after each prompt</param>
    /// <returns>each row up to and including its first end token, or the whole row without one</returns>
    public static int[][] Answers(Tensor written)
    {
        var (batch, width) = ((int)written.shape[0], (int)written.shape[1]);
        var tokens = written.cpu().data<long>().ToArray();
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
