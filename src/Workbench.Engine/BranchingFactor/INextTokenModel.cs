namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// A language model as the branching-factor estimators see it: next-token log-probabilities for a batch of
/// prefixes. Synthetic sources with known entropy implement it for tests; <see cref="TransformerNextTokenModel"/>
/// wraps the trained transformer.
/// </summary>
public interface INextTokenModel
{
    int VocabularySize { get; }

    /// <summary>The token that ends an output; it counts as a step of the output it ends.</summary>
    int EndToken { get; }

    /// <param name="prefixes">prompt then output so far, one per row; rows may differ in length</param>
    /// <returns>per prefix, ln P(v | prefix) for every token v (the plain model, before any decoding settings)</returns>
    double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes);
}
