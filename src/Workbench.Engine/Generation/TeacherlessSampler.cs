using Workbench.Engine.Model;
using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>
/// Writes whole answers in one pass for a teacherless-trained model, exactly as it was trained: the prompt
/// followed by <c>answerLength − 1</c> placeholder tokens, each answer token read off the position before
/// it (the last prompt token gives the first). Each position's token is chosen independently by the
/// <see cref="Decoding"/>; with greedy decoding all the randomness comes from the prompt's seed prefix.
/// We decode in one pass rather than autoregressively because the model never saw true answer tokens as input.
/// </summary>
public static class TeacherlessSampler
{
    /// <param name="prompts">prompts of equal length (with their seed prefixes), one per answer wanted</param>
    /// <param name="answerLength">answer tokens written, the end token included; the answer is cut after its first end token</param>
    /// <param name="placeholder">the token standing in for every unknown answer token (<c>&lt;mask&gt;</c>)</param>
    public static int[][] Sample(TrainableLanguageModel model, IReadOnlyList<int[]> prompts, int answerLength, int placeholder, Decoding decoding, Generator generator)
    {
        decoding.ThrowIfInvalid();
        if (prompts.Count == 0) return [];
        var promptLength = SamplerInput.EqualLength(prompts);
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var batch = prompts.Count;
        var prompt = SamplerInput.Tensor(prompts, model);                                      // (batch, promptLength)
        var placeholders = full(batch, answerLength - 1, placeholder, dtype: ScalarType.Int64, device: prompt.device);
        var logits = model.call(cat([prompt, placeholders], 1))                                // (batch, promptLength + answerLength − 1, vocabulary)
            .slice(1, promptLength - 1, promptLength + answerLength - 1, 1);                   // (batch, answerLength, vocabulary)
        var chosen = decoding.Choose(logits.flatten(0, 1), generator).view(batch, answerLength); // (batch, answerLength)
        return SamplerInput.Answers(chosen);
    }
}
