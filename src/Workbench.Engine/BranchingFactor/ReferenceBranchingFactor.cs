using Workbench.Engine.Generation;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// The paper-compatible estimators: BF computed as the authors' code computes it (github.com/yangalan123/LLMBranchingFactor,
/// read at commit 237d78f). Three steps, each from one place in that code:
/// <list type="number">
/// <item>Per step, the distribution the entropy is taken of (<c>loglik_computation.py</c>,
/// <c>get_token_truncated_dist_from_vllm_outputs</c> with <c>top_p_mode</c> and <c>get_truncated_dist_top_p</c>): only
/// the model's 50 most likely tokens (vLLM's <c>logprobs=50</c>), most likely first; tokens with probability below
/// 1e-12 are skipped; tokens are kept until their probabilities (as the model gives them, not renormalised) reach top-p;
/// the sampled token is added if it was not kept; the kept log-probabilities are renormalised (a softmax). The entropy
/// and the sampled token's log-probability both come from this distribution. The sampling itself is not capped.</item>
/// <item>Per prompt, the profile (<c>common_utils.py</c>, <c>condense_arrays_with_inconsistent_lengths</c>): for positions
/// 0 … L − 1, L = ⌊the 95th percentile of the sample lengths⌋ (numpy's linear interpolation), the mean over the samples
/// still alive there, stopping at the first position where at most 3 samples are alive; L' positions remain.</item>
/// <item>Per prompt, the value (<c>uncertainty_computation.py</c>, <c>compute_bf_values</c>): ln BF = the mean of the L'
/// per-position mean entropies, or when L' &gt; 50 the NLL branch: the mean, over the samples of length ≥ L' only, of
/// −(1/L') Σ_{t&lt;L'} ln q(y_t). BF = exp of it; a task's BF is the mean of its prompts'.</item>
/// </list>
/// Departures, each because the reference never meets the case: the reference reads the model's log-probabilities
/// without temperature (its runs use T = 1), we read them after the temperature that was sampled with, so that at
/// T ≠ 1 the entropy is that of the distribution drawn from; a top-k set in the spec caps the kept tokens below 50, as it
/// capped the sampling; at temperature 0 the distribution is the sampled token alone (entropy 0). We compute in float64
/// where the reference's softmax runs in float32 (<c>torch.tensor</c> of Python floats): the results differ by rounding.
/// </summary>
public static class ReferenceBranchingFactor
{
    /// <summary>Log-probabilities the reference reads per step (vLLM's <c>logprobs</c>; its default 50).</summary>
    public const int TopLogProbabilities = 50;

    /// <summary>Past this many profile positions the NLL branch is used (<c>DEFAULT_ASYMPTOTIC_LIMIT</c>).</summary>
    public const int AsymptoticLimit = 50;

    /// <summary>Probabilities below this are skipped (<c>consts.py</c>, <c>tolerance_inf</c>).</summary>
    public const double Negligible = 1e-12;

    /// <summary>The profile ends at the first position where at most this many samples are alive.</summary>
    public const int TooFewAlive = 3;

    /// <summary>The quantile of the sample lengths the profile is measured up to.</summary>
    public const double LengthQuantile = 0.95;

    /// <summary>One step's capped distribution (step 1 above): its entropy and the sampled token's log-probability.</summary>
    /// <param name="logProbabilities">the model's ln P(v | prefix) for every token (before any decoding settings)</param>
    /// <param name="token">the token that was sampled at this step</param>
    public static (double Entropy, double LogProbability) CappedStep(IReadOnlyList<double> logProbabilities, int token, DecodingSettings decoding)
    {
        if (decoding.Temperature == 0) return (0, 0);
        var tempered = Tempered(logProbabilities, decoding.Temperature);
        var cap = decoding.TopK is > 0 and < TopLogProbabilities ? decoding.TopK : TopLogProbabilities;
        // Most likely first; ties: lower id first (a stable order, as vLLM's ranks are).
        var top = Enumerable.Range(0, tempered.Length).OrderByDescending(v => tempered[v]).ThenBy(v => v).Take(cap);
        var kept = new List<int>();
        var cumulative = 0.0;
        foreach (var v in top)
        {
            var p = Math.Exp(tempered[v]);
            if (double.IsNegativeInfinity(tempered[v]) || p < Negligible) continue;
            cumulative += p;
            kept.Add(v);
            if (cumulative >= decoding.TopP) break;
        }
        if (!kept.Contains(token)) kept.Add(token);

        var max = kept.Max(v => tempered[v]);
        var logNormaliser = max + Math.Log(kept.Sum(v => Math.Exp(tempered[v] - max)));
        var entropy = 0.0;
        foreach (var v in kept)
        {
            var logQ = tempered[v] - logNormaliser;
            var q = Math.Exp(logQ);
            if (q > 0) entropy -= q * logQ;
        }
        return (entropy, tempered[token] - logNormaliser);
    }

    /// <summary>
    /// Re-reads every sample through the model, position by position (as the reference's "full spectrum" pass re-reads its
    /// outputs for their log-probabilities), and measures each step's capped distribution.
    /// </summary>
    /// <param name="model">the model the samples were drawn from; it is asked once per position for the samples alive there</param>
    /// <returns>the same samples, with the capped distributions' entropies and log-probabilities</returns>
    public static IReadOnlyList<SampledOutput> Rescore(INextTokenModel model, int[] prompt, IReadOnlyList<SampledOutput> outputs, DecodingSettings decoding)
    {
        var entropies = outputs.Select(output => new double[output.Length]).ToArray();
        var logProbabilities = outputs.Select(output => new double[output.Length]).ToArray();
        var longest = outputs.Max(output => output.Length);
        for (var t = 0; t < longest; t++)
        {
            var alive = Enumerable.Range(0, outputs.Count).Where(i => outputs[i].Length > t).ToArray();
            var next = model.NextTokenLogProbabilities([.. alive.Select(i => (int[])[.. prompt, .. outputs[i].Tokens[..t]])]);
            for (var row = 0; row < alive.Length; row++)
            {
                var i = alive[row];
                (entropies[i][t], logProbabilities[i][t]) = CappedStep(next[row], outputs[i].Tokens[t], decoding);
            }
        }
        return [.. outputs.Select((output, i) => new SampledOutput(output.Tokens, entropies[i], logProbabilities[i]))];
    }

    /// <summary>A prompt's BF from its rescored samples (steps 2 and 3 above).</summary>
    /// <param name="capped">the samples with their capped entropies and log-probabilities (<see cref="Rescore"/>)</param>
    /// <param name="windowSize">positions per window of the BF-over-position curve (our curve, over the capped quantities)</param>
    /// <param name="minAlive">samples a position of the curve needs</param>
    /// <exception cref="ArgumentException">at most 3 samples: the reference's profile is empty</exception>
    public static PromptBranchingFactor Estimate(IReadOnlyList<SampledOutput> capped, int windowSize, int minAlive)
    {
        var evaluationLength = EvaluationLength(capped.Select(output => output.Length));
        var positionMeans = new List<double>();
        for (var t = 0; t < evaluationLength; t++)
        {
            var alive = capped.Where(output => output.Length >= t + 1).ToList();
            if (alive.Count <= TooFewAlive) break;
            positionMeans.Add(alive.Average(output => output.Entropies[t]));
        }
        var positions = positionMeans.Count;
        if (positions == 0)
            throw new ArgumentException($"The paper-compatible estimators need more than {TooFewAlive} samples per prompt.", nameof(capped));

        var entropyBranch = positionMeans.Average();
        var nllBranch = capped.Where(output => output.Length >= positions)
            .Average(output => -output.LogProbabilities.Take(positions).Sum() / positions);
        var (monteCarlo, aep) = (Math.Exp(entropyBranch), Math.Exp(nllBranch));
        var reported = positions > AsymptoticLimit ? EstimatorKind.Aep : EstimatorKind.MonteCarlo;
        return new PromptBranchingFactor(monteCarlo, aep, EbfPerplexity(capped), reported == EstimatorKind.Aep ? aep : monteCarlo, reported,
            capped.Count, positions, capped.Average(output => output.Length), BranchingFactorEstimator.Curve(capped, windowSize, minAlive));
    }

    /// <summary>
    /// The reference's <c>ebf_perplexity</c> (<c>uncertainty_computation.py</c>,
    /// <c>compute_ebf_from_length_wise_and_sample_wise_entropies</c>: <c>np.mean(np.exp(sample_wise_sequence_mean_entropies))</c>),
    /// each sample's entropies averaged along its whole length.
    /// </summary>
    public static double EbfPerplexity(IReadOnlyList<SampledOutput> outputs) => outputs.Average(output => Math.Exp(output.MeanEntropy));

    /// <summary>
    /// ⌊the 95th percentile of the lengths⌋ as <c>int(np.quantile(lengths, 0.95))</c> computes it: the "linear" method,
    /// index (n − 1)·q, interpolated as numpy's <c>_lerp</c> does (from the upper neighbour when the fraction is ≥ ½).
    /// </summary>
    public static int EvaluationLength(IEnumerable<int> lengths)
    {
        var sorted = lengths.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("There are no samples.", nameof(lengths));
        var index = (sorted.Length - 1) * LengthQuantile;
        var below = (int)Math.Floor(index);
        var (a, b) = ((double)sorted[below], (double)sorted[Math.Min(below + 1, sorted.Length - 1)]);
        var fraction = index - below;
        return (int)(fraction >= 0.5 ? b - (b - a) * (1 - fraction) : a + (b - a) * fraction);
    }

    /// <returns>ln softmax(logProbabilities / temperature), in token order</returns>
    private static double[] Tempered(IReadOnlyList<double> logProbabilities, double temperature)
    {
        var scaled = logProbabilities.Select(value => value / temperature).ToArray();
        var max = scaled.Max();
        var logNormaliser = max + Math.Log(scaled.Sum(value => Math.Exp(value - max)));
        return [.. scaled.Select(value => value - logNormaliser)];
    }
}
