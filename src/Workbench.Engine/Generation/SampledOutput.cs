namespace Workbench.Engine.Generation;

/// <summary>
/// One output the engine wrote after a prompt, with what was measured at each of its steps when asked
/// (<see cref="GenerationOptions.Measure"/>; empty otherwise).
/// </summary>
/// <param name="Tokens">the output, ending at the first end token (included) or at the length limit</param>
/// <param name="Entropies">H(Y_t | x, y_&lt;t) of the decoding distribution P~ at each step, in nats</param>
/// <param name="LogProbabilities">ln P~(y_t | x, y_&lt;t) of the token written at each step</param>
public sealed record SampledOutput(int[] Tokens, double[] Entropies, double[] LogProbabilities)
{
    public int Length => Tokens.Length;

    /// <summary>The Monte-Carlo BF estimator's per-sample quantity: the entropies averaged along this output.</summary>
    public double MeanEntropy => Entropies.Average();

    /// <summary>The AEP BF estimator's per-sample quantity: −ln P~(y | x) / |y|.</summary>
    public double MeanSurprisal => -LogProbabilities.Sum() / Length;
}
