using Workbench.Engine.BranchingFactor;

namespace Workbench.Engine.Tests.BranchingFactor;

/// <summary>A test model whose next-token probabilities are any function of the prefix.</summary>
internal sealed class FunctionModel(int vocabularySize, int endToken, Func<int[], double[]> probabilities) : INextTokenModel
{
    public int VocabularySize => vocabularySize;

    public int EndToken => endToken;

    public int Calls { get; private set; }

    public double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes)
    {
        Calls++;
        return [.. prefixes.Select(prefix => probabilities(prefix).Select(p => Math.Log(p)).ToArray())];
    }

    /// <summary>The same distribution after every prefix; the end token is the last id.</summary>
    public static FunctionModel Constant(params double[] probabilities) =>
        new(probabilities.Length, probabilities.Length - 1, _ => probabilities);

    /// <summary>Uniform over k tokens at every step, with an extra end token (the last id) that never comes.</summary>
    public static FunctionModel Uniform(int k) =>
        Constant([.. Enumerable.Repeat(1.0 / k, k), 0.0]);
}
