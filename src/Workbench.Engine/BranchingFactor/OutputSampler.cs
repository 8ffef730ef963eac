namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// One output drawn from the decoding distribution, with what was measured at each of its steps.
/// </summary>
/// <param name="Tokens">the output, ending at the end token (included) or at the length limit</param>
/// <param name="Entropies">H(Y_t | x, y_&lt;t) of the decoding distribution at each step, in nats</param>
/// <param name="LogProbabilities">ln P~(y_t | x, y_&lt;t) of the token drawn at each step</param>
public sealed record SampledOutput(int[] Tokens, double[] Entropies, double[] LogProbabilities)
{
    public int Length => Tokens.Length;

    /// <summary>The Monte-Carlo estimator's per-sample quantity: the entropies averaged along this output.</summary>
    public double MeanEntropy => Entropies.Average();

    /// <summary>The AEP estimator's per-sample quantity: −ln P~(y | x) / |y|.</summary>
    public double MeanSurprisal => -LogProbabilities.Sum() / Length;
}

/// <summary>
/// Draws outputs token by token, all samples of a prompt advancing together (one model call per step for
/// every output still being written). Each token is drawn from the same <see cref="DecodingDistribution"/>
/// whose entropy is recorded.
/// </summary>
public static class OutputSampler
{
    /// <param name="maxLength">tokens per output at most, the end token included</param>
    /// <param name="random">draws every token, in a fixed order, so a seed repeats the outputs</param>
    public static IReadOnlyList<SampledOutput> Sample(INextTokenModel model, int[] prompt, DecodingSettings settings, int samples, int maxLength, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var tokens = Enumerable.Range(0, samples).Select(_ => new List<int>(maxLength)).ToArray();
        var entropies = Enumerable.Range(0, samples).Select(_ => new List<double>(maxLength)).ToArray();
        var logProbabilities = Enumerable.Range(0, samples).Select(_ => new List<double>(maxLength)).ToArray();
        var alive = Enumerable.Range(0, samples).ToList();
        for (var step = 0; step < maxLength && alive.Count > 0; step++)
        {
            var next = model.NextTokenLogProbabilities([.. alive.Select(sample => (int[])[.. prompt, .. tokens[sample]])]);
            var stillAlive = new List<int>(alive.Count);
            for (var row = 0; row < alive.Count; row++)
            {
                var sample = alive[row];
                var distribution = new DecodingDistribution(next[row], settings);
                var token = distribution.Sample(random);
                tokens[sample].Add(token);
                entropies[sample].Add(distribution.Entropy);
                logProbabilities[sample].Add(distribution.LogProbabilityOf(token));
                if (token != model.EndToken) stillAlive.Add(sample);
            }
            alive = stillAlive;
        }
        return [.. Enumerable.Range(0, samples).Select(sample => new SampledOutput([.. tokens[sample]], [.. entropies[sample]], [.. logProbabilities[sample]]))];
    }
}
