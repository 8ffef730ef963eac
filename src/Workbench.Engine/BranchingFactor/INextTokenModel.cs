using Workbench.Engine.Generation;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// A language model as the branching-factor estimators see it: next-token log-probabilities for a batch of
/// prefixes. Synthetic sources with known entropy implement it for tests and as references;
/// <see cref="TransformerNextTokenModel"/> wraps a causal model, and <see cref="NudgedModel"/> mixes two models.
/// </summary>
public interface INextTokenModel
{
    int VocabularySize { get; }

    /// <summary>The token that ends an output; it counts as a step of the output it ends.</summary>
    int EndToken { get; }

    /// <param name="prefixes">prompt then output so far, one per row; rows may differ in length</param>
    /// <returns>per prefix, ln P(v | prefix) for every token v (the plain model, before any decoding settings)</returns>
    double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes);

    /// <summary>
    /// How <see cref="GenerationEngine.Decode"/> writes after <paramref name="prompts"/> with this model. By default every
    /// step asks <see cref="NextTokenLogProbabilities"/> for every row's whole prefix (right for managed sources); a
    /// neural model overrides it to read each token once through a key-value cache.
    /// </summary>
    /// <param name="maxNewTokens">tokens each row writes at most</param>
    IDecoderState StartDecoding(IReadOnlyList<int[]> prompts, int maxNewTokens) => new PrefixDecoderState(this, prompts);
}
