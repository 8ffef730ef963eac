using Workbench.Engine.BranchingFactor;

namespace Workbench.Engine.Tests.BranchingFactor;

/// <summary>
/// The estimators on sources whose BF is known: the spec's exact test vectors, and convergence within a
/// statistical tolerance derived from the exact variance of one sample's quantity.
/// </summary>
public class BranchingFactorEstimatorTests
{
    private const double Exact = 1e-5;

    private static BranchingFactorOptions Options(int samples, int maxLength, DecodingSettings? decoding = null) =>
        new(decoding ?? DecodingSettings.Plain, samples, maxLength);

    [Theory]
    [InlineData(5, 1, 1)]
    [InlineData(5, 3, 13)]
    [InlineData(5, 7, 50)]
    [InlineData(2, 20, 7)]
    public void Uniform_over_k_tokens_gives_k_by_both_estimators_for_any_length_and_sample_count(int k, int length, int samples)
    {
        var model = FunctionModel.Uniform(k);
        var estimate = BranchingFactorEstimator.Estimate(model, [0], Options(samples, length) with { MinAliveSamples = 1 }, new Random(1));

        Assert.Equal(k, estimate.MonteCarlo, Exact);
        Assert.Equal(k, estimate.Aep, Exact);
        Assert.Equal(length, estimate.MeanOutputLength);
        Assert.All(estimate.Curve, window => Assert.Equal(k, window.MonteCarlo, Exact));
        Assert.All(estimate.Curve, window => Assert.Equal(k, window.Aep, Exact));
        Assert.Equal(k, ExactBranchingFactor.Compute(model, [0], DecodingSettings.Plain, Math.Min(length, 5)).BranchingFactor, Exact);
    }

    [Theory]
    [InlineData(1.0, 3.133404)]
    [InlineData(0.9, 2.700044)]
    public void One_step_of_the_four_token_vector(double topP, double expected)
    {
        // Token 4 is the end token with probability 0: every output is one token long (the length limit).
        var model = FunctionModel.Constant(0.5, 0.3, 0.15, 0.05, 0);
        var decoding = new DecodingSettings(TopP: topP);

        var estimate = BranchingFactorEstimator.Estimate(model, [0], Options(30, 1, decoding), new Random(2));
        var exact = ExactBranchingFactor.Compute(model, [0], decoding, 1);

        Assert.Equal(expected, estimate.MonteCarlo, Exact);   // one step: every sample sees the same entropy
        Assert.Equal(expected, exact.BranchingFactor, Exact);
        Assert.Equal(expected, exact.AepBranchingFactor, Exact); // E[−ln q(Y)] is the entropy itself
        Assert.Equal(topP < 1 ? 3 : 4, exact.Outputs);
    }

    [Fact]
    public void End_with_probability_one_tenth_gives_the_same_BF_for_every_sample_whatever_its_length()
    {
        var model = FunctionModel.Constant(0.225, 0.225, 0.225, 0.225, 0.1);
        var outputs = OutputSampler.Sample(model, [0], DecodingSettings.Plain, 50, 100, new Random(3));

        Assert.True(outputs.Select(output => output.Length).Distinct().Count() > 5, "the samples should differ in length");
        Assert.All(outputs, output => Assert.Equal(model.EndToken, output.Tokens[^1]));
        Assert.All(outputs, output => Assert.Equal(4.819875, Math.Exp(output.MeanEntropy), Exact));
        Assert.Equal(4.819875, BranchingFactorEstimator.FromSamples(outputs, Options(50, 100)).MonteCarlo, Exact);
    }

    [Fact]
    public void The_AEP_estimator_converges_to_the_entropy_rate_of_a_Markov_source()
    {
        // Every row is a permutation of p, so the entropy rate is H(p) from any state, and the surprisal
        // −ln p(Y_t) of each step is independent of the others with mean H(p) and variance
        // s² = Σ p (ln p)² − H(p)². One sample's mean surprisal over N steps then has variance s²/N, and the
        // mean over M samples s²/(NM): by the central limit theorem it lies within 4·s/√(NM) of H(p) but
        // with probability about 6e-5 (the seed is fixed, so the test is deterministic either way).
        double[] p = [0.55, 0.25, 0.12, 0.08];
        var source = new MarkovSource(PermutationRows(p), endToken: 4);
        const int length = 20, samples = 200;
        var entropy = -p.Sum(q => q * Math.Log(q));
        var s = Math.Sqrt(p.Sum(q => q * Math.Log(q) * Math.Log(q)) - entropy * entropy);

        var estimate = BranchingFactorEstimator.Estimate(source, [0], Options(samples, length), new Random(4));

        Assert.Equal(Math.Exp(entropy), estimate.MonteCarlo, Exact); // every step has the entropy H(p) exactly
        Assert.InRange(Math.Log(estimate.Aep), entropy - 4 * s / Math.Sqrt(length * samples), entropy + 4 * s / Math.Sqrt(length * samples));
    }

    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(0.8, 0)]
    [InlineData(1.0, 2)]
    public void Both_estimators_converge_to_the_exact_expectations_of_a_source_with_an_end_token(double topP, int topK)
    {
        // The per-sample quantities (mean entropy, mean surprisal) are i.i.d. over samples with the exact mean
        // and variance σ² the enumeration gives; the mean of M samples lies within 4σ/√M of the exact mean but
        // with probability about 6e-5 (central limit theorem; the quantities are bounded, M = 400).
        var source = SmallSource();
        var decoding = new DecodingSettings(TopP: topP, TopK: topK);
        const int samples = 400, maxLength = 6;
        var exact = ExactBranchingFactor.Compute(source, [1], decoding, maxLength);
        var outputs = OutputSampler.Sample(source, [1], decoding, samples, maxLength, new Random(5));

        var meanEntropy = outputs.Average(output => output.MeanEntropy);
        var meanSurprisal = outputs.Average(output => output.MeanSurprisal);
        Assert.InRange(meanEntropy, exact.MeanEntropy - 4 * Math.Sqrt(exact.MeanEntropyVariance / samples), exact.MeanEntropy + 4 * Math.Sqrt(exact.MeanEntropyVariance / samples));
        Assert.InRange(meanSurprisal, exact.MeanSurprisal - 4 * Math.Sqrt(exact.MeanSurprisalVariance / samples), exact.MeanSurprisal + 4 * Math.Sqrt(exact.MeanSurprisalVariance / samples));
        Assert.True(exact.MeanEntropyVariance > 0 && exact.MeanSurprisalVariance > 0, "the check would be vacuous");
    }

    [Fact]
    public void Exact_enumeration_normalises_each_output_by_its_own_length()
    {
        // First step: a or the end, 0.5 each (entropy ln 2). After a: a 0.9, end 0.1 (entropy 0.325083); length limit 2.
        // Outputs: "end" (p 0.5, mean entropy ln 2), "a a" (p 0.45) and "a end" (p 0.05), both (ln 2 + 0.325083) / 2.
        // E[mean entropy] = 0.5 · 0.693147 + 0.5 · 0.509115 = 0.601131; the variance is 0.008467.
        // E[−ln P / |y|] = 0.5 · ln 2 + 0.45 · (−ln 0.45 / 2) + 0.05 · (−ln 0.05 / 2) = 0.601131 too (the length is
        // fixed by the first token, so the second step's surprisal averages to its entropy); the variance is 0.062780.
        var model = new FunctionModel(2, 1, prefix => prefix.Length == 1 ? [0.5, 0.5] : [0.9, 0.1]);
        var exact = ExactBranchingFactor.Compute(model, [0], DecodingSettings.Plain, 2);

        Assert.Equal(3, exact.Outputs);
        Assert.Equal(0.601131, exact.MeanEntropy, Exact);
        Assert.Equal(0.008467, exact.MeanEntropyVariance, Exact);
        Assert.Equal(0.601131, exact.MeanSurprisal, Exact);
        Assert.Equal(0.062780, exact.MeanSurprisalVariance, Exact);
        Assert.Equal(1.824181, exact.BranchingFactor, Exact);
    }

    [Fact]
    public void Truncation_lowers_the_exact_BF()
    {
        var source = SmallSource();
        var plain = ExactBranchingFactor.Compute(source, [1], DecodingSettings.Plain, 6);
        var truncated = ExactBranchingFactor.Compute(source, [1], new DecodingSettings(TopP: 0.8), 6);
        Assert.True(truncated.BranchingFactor < plain.BranchingFactor);
        Assert.True(truncated.Outputs < plain.Outputs);
    }

    [Fact]
    public void Exact_enumeration_refuses_a_tree_too_large()
    {
        Assert.Throws<InvalidOperationException>(() => ExactBranchingFactor.Compute(FunctionModel.Uniform(10), [0], DecodingSettings.Plain, 6, maxOutputs: 10_000));
    }

    [Fact]
    public void The_curve_covers_only_positions_where_enough_samples_are_alive()
    {
        // End with probability 0.3: of 40 samples about 40·0.7^t are alive at position t.
        var model = FunctionModel.Constant(0.35, 0.35, 0.3);
        var outputs = OutputSampler.Sample(model, [0], DecodingSettings.Plain, 40, 30, new Random(6));
        var curve = BranchingFactorEstimator.Curve(outputs, windowSize: 2, minAlive: 10);

        var lastCovered = curve[^1].End - 1;
        Assert.True(outputs.Count(output => output.Length > lastCovered) >= 10);
        Assert.True(outputs.Count(output => output.Length > lastCovered + 1) < 10);
        Assert.Equal(Enumerable.Range(0, curve.Count).Select(i => 2 * i), curve.Select(window => window.Start));
        Assert.All(curve, window => Assert.True(window.AliveAtStart >= 10));
        // Every step has the same entropy, so every window shows the same BF.
        var entropy = -(0.35 * Math.Log(0.35) * 2 + 0.3 * Math.Log(0.3));
        Assert.All(curve, window => Assert.Equal(Math.Exp(entropy), window.MonteCarlo, Exact));
    }

    [Fact]
    public void A_tasks_BF_is_the_mean_of_its_prompts_BFs()
    {
        // Prompt [0] continues uniformly over 2 tokens, prompt [1] over 6; ids 0–5 are words, 6 is the end.
        var model = new FunctionModel(7, 6, prefix => [.. Enumerable.Range(0, 7).Select(token => token == 6 ? 0 : prefix[0] == 0 ? (token < 2 ? 0.5 : 0) : 1.0 / 6)]);
        var task = BranchingFactorEstimator.EstimateTask(model, [[0], [1]], Options(10, 4) with { MinAliveSamples = 1 }, new Random(7));

        Assert.Equal(4, task.MonteCarlo, Exact);
        Assert.Equal(4, task.Aep, Exact);
        Assert.Equal([2, 6], task.Prompts.Select(prompt => Math.Round(prompt.MonteCarlo, 9)));
        Assert.All(task.Curve, window => Assert.Equal(4, window.MonteCarlo, Exact));
    }

    [Fact]
    public void The_same_seed_draws_the_same_outputs()
    {
        var source = SmallSource();
        string Draw(int seed) => string.Join('|', OutputSampler.Sample(source, [1], DecodingSettings.Plain, 20, 6, new Random(seed)).Select(output => string.Join(' ', output.Tokens)));
        Assert.Equal(Draw(8), Draw(8));
        Assert.NotEqual(Draw(8), Draw(9));
    }

    /// <summary>p's entries shifted one place further in each row: every row is a permutation of p; the end token (last id) only loops.</summary>
    private static double[][] PermutationRows(double[] p)
    {
        var size = p.Length + 1;
        var rows = new double[size][];
        for (var row = 0; row < size; row++)
        {
            rows[row] = new double[size];
            if (row == p.Length) { rows[row][row] = 1; continue; }
            for (var i = 0; i < p.Length; i++) rows[row][(i + row) % p.Length] = p[i];
        }
        return rows;
    }

    /// <summary>Three words (ids 2–4) with different rows, begin (1) and end (0); end has probability 0.25 after a word.</summary>
    private static MarkovSource SmallSource() => new(
    [
        [1, 0, 0, 0, 0],
        [0, 0, 0.6, 0.3, 0.1],
        [0.25, 0, 0.05, 0.45, 0.25],
        [0.25, 0, 0.5, 0.2, 0.05],
        [0.25, 0, 0.25, 0.25, 0.25],
    ], endToken: 0);
}
