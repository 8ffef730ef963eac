using Workbench.Engine.Model;
using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>
/// Iterative unmasking for a masked (absorbing-state) diffusion model: the answer starts as
/// <c>answerLength</c> mask tokens after the prompt; each of <c>steps</c> steps runs the bidirectional model
/// over the whole sequence, chooses a token for every still-masked position with the <see cref="Decoding"/>,
/// and keeps those of a random subset of the masked positions, so that after step s of S about
/// answerLength·s/S positions are unmasked (the reverse of the training corruption, where each token is
/// masked with probability t). Kept tokens are never changed again. The answer is cut after its first end token;
/// positions after it are the padding the model learnt to write there.
/// <para>With <see cref="DiffusionUnmasking.Ancestral"/> the number unmasked per step is random instead, as in MDLM's
/// ancestral sampler and SEDD's analytic sampler for the absorbing graph (the authors': 128 steps): going from noise level
/// t = 1 − (s − 1)/S to 1 − s/S, each masked position is unmasked with probability (1/S)/t, so any number of tokens, none
/// included, may be unmasked at a step, and the last step unmasks what is left. Steps at which no row unmasks anything
/// skip the model.</para>
/// </summary>
public static class DiffusionSampler
{
    /// <param name="prompts">prompts of equal length (with their seed prefixes)</param>
    /// <param name="steps">unmasking steps: 1 to answerLength for the fixed count, any number from 1 for ancestral unmasking</param>
    /// <param name="mask">the absorbing-state token</param>
    /// <param name="generator">draws both the tokens and the positions unmasked at each step</param>
    public static int[][] Sample(Transformer model, IReadOnlyList<int[]> prompts, int answerLength, int steps, int mask, Decoding decoding, Generator generator,
        DiffusionUnmasking unmasking = DiffusionUnmasking.FixedCount)
    {
        decoding.ThrowIfInvalid();
        if (steps < 1 || (unmasking == DiffusionUnmasking.FixedCount && steps > answerLength))
            throw new ArgumentOutOfRangeException(nameof(steps), $"Steps must be between 1 and {answerLength}.");
        if (prompts.Count == 0) return [];
        var promptLength = SamplerInput.EqualLength(prompts);
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var batch = prompts.Count;
        var prompt = SamplerInput.Tensor(prompts, model);                                           // (batch, promptLength)
        var answer = full(batch, answerLength, mask, dtype: ScalarType.Int64, device: prompt.device); // (batch, answerLength)
        for (var step = 1; step <= steps; step++)
        {
            using var stepScope = NewDisposeScope();
            var masked = answer.eq(mask);                                                           // (batch, answerLength)
            // The two modes draw from the generator in their own order (proposal first, or positions first): kept so, as
            // recorded runs replay with the same draws.
            if (unmasking == DiffusionUnmasking.FixedCount)
            {
                // Every row has the same number of masked positions, so each unmasks the same number now.
                var stillMasked = answerLength - answerLength * step / steps;
                var unmaskNow = (int)masked[0].sum().item<long>() - stillMasked;
                if (unmaskNow == 0) continue;
                var proposal = Propose();
                // A random order of the masked positions: unmasked positions draw -1 and are never picked.
                var priority = rand(batch, answerLength, generator: generator, device: prompt.device).masked_fill(masked.logical_not(), -1);
                var picked = priority.topk(unmaskNow, dim: 1).indexes;                               // (batch, unmaskNow)
                answer.scatter_(1, picked, proposal.gather(1, picked));
            }
            else
            {
                // From t = (S − s + 1)/S to (S − s)/S a masked token is revealed with probability 1/(S − s + 1): all at the last step.
                var chance = 1.0 / (steps - step + 1);
                var reveal = rand(batch, answerLength, generator: generator, device: prompt.device).lt(chance).logical_and(masked);
                if (!reveal.any().item<bool>()) continue;
                answer = answer.where(reveal.logical_not(), Propose()).MoveToOuterDisposeScope();
            }
        }
        return SamplerInput.Answers(answer);

        // A token for every answer position, from the model over the prompt and the answer so far.
        Tensor Propose()
        {
            var logits = model.call(cat([prompt, answer], 1)).narrow(1, promptLength, answerLength); // (batch, answerLength, vocabulary)
            return decoding.Choose(logits.flatten(0, 1), generator).view(batch, answerLength);       // (batch, answerLength)
        }
    }
}

/// <summary>How many masked positions <see cref="DiffusionSampler"/> reveals per step.</summary>
public enum DiffusionUnmasking
{
    /// <summary>A fixed count: after step s of S, answerLength·s/S are revealed (at most answerLength steps do anything).</summary>
    FixedCount,
    /// <summary>Each masked position independently, with the reverse process's probability (MDLM's ancestral sampler).</summary>
    Ancestral,
}
