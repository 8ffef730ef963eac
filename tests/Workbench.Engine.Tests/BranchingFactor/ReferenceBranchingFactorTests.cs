using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Generation;

namespace Workbench.Engine.Tests.BranchingFactor;

/// <summary>
/// The paper-compatible estimators and ebf_perplexity on hand-made samples whose values are worked out by hand, and
/// the capped distribution of one step (<see cref="ReferenceBranchingFactor"/>).
/// </summary>
public class ReferenceBranchingFactorTests
{
    private const double Exact = 1e-9;

    /// <summary>A sample with these entropies and log-probabilities; its tokens do not matter here.</summary>
    private static SampledOutput Sample(double[] entropies, double[] logProbabilities) => new(new int[entropies.Length], entropies, logProbabilities);

    private static SampledOutput Sample(double[] entropies) => Sample(entropies, [.. entropies.Select(_ => -1.0)]);

    [Fact]
    public void Ebf_perplexity_is_the_mean_over_samples_of_exp_of_each_samples_mean_entropy_and_exceeds_the_Monte_Carlo_BF()
    {
        // Sample 1: mean entropy ln 2 → 2. Sample 2: (ln 8 + 0 + ln 8) / 3 = ln 4 → 4. ebf_perplexity = (2 + 4) / 2 = 3;
        // Monte-Carlo BF = exp((ln 2 + ln 4) / 2) = 2^1.5.
        SampledOutput[] outputs = [Sample([Math.Log(2)]), Sample([Math.Log(8), 0, Math.Log(8)])];

        var estimate = BranchingFactorEstimator.FromSamples(outputs, new BranchingFactorOptions(DecodingSettings.Plain, 2, 3, MinAliveSamples: 1));

        Assert.Equal(3, estimate.EbfPerplexity, Exact);
        Assert.Equal(Math.Pow(2, 1.5), estimate.MonteCarlo, Exact);
        Assert.Equal(3, ReferenceBranchingFactor.EbfPerplexity(outputs), Exact);
    }

    [Fact]
    public void The_paper_compatible_BF_averages_per_position_means_up_to_the_95th_percentile_length_while_more_than_3_samples_are_alive()
    {
        // Lengths 1, 2, 2, 3, 3, 4: the 95th percentile is 3.75 (index 5 · 0.95 = 4.75 between 3 and 4), so L = 3; at
        // position 2 only three samples are alive, so the profile keeps positions 0 and 1.
        // Position 0: (1 + 1 + 1 + 0.5 + 0.5 + 0) / 6 = 2/3; position 1: (2 + 2 + 0.5 + 0.5 + 1) / 5 = 1.2;
        // ln BF = (2/3 + 1.2) / 2 = 0.933333 → 2.542972. Per-sample means (1, 1.5, 1.5, 4/3, 4/3, 0.75) would give 3.442201.
        // NLL branch, over the samples of length ≥ 2: (2 + 1 + 0.5 + 1 + 1) / 5 = 1.1 → 3.004166 (not reported: 2 ≤ 50 positions).
        // ebf_perplexity over each sample's whole length: (e + 2e^1.5 + 2e^(4/3) + e^0.75) / 6 = 3.564333.
        SampledOutput[] outputs =
        [
            Sample([1.0], [-1]),
            Sample([1.0, 2.0], [-1, -3]),
            Sample([1.0, 2.0], [-1, -1]),
            Sample([0.5, 0.5, 3.0], [-0.5, -0.5, -9]),
            Sample([0.5, 0.5, 3.0], [-0.5, -1.5, -9]),
            Sample([0.0, 1.0, 1.0, 1.0], [0, -2, -9, -9]),
        ];

        var paper = ReferenceBranchingFactor.Estimate(outputs, windowSize: 1, minAlive: 1);
        var plain = BranchingFactorEstimator.FromSamples(outputs, new BranchingFactorOptions(DecodingSettings.Plain, 6, 4, MinAliveSamples: 1));

        Assert.Equal(2.5429716378, paper.MonteCarlo, Exact);
        Assert.Equal((EstimatorKind.MonteCarlo, paper.MonteCarlo), (paper.ReportedEstimator, paper.Reported));
        Assert.Equal(3.0041660239, paper.Aep, Exact);
        Assert.Equal(2, paper.EvaluationLength);
        Assert.Equal(3.5643326292, paper.EbfPerplexity, Exact);
        Assert.Equal(3.4422010645, plain.MonteCarlo, Exact);
    }

    [Fact]
    public void Past_50_positions_the_paper_compatible_BF_is_the_NLL_over_the_samples_that_reach_the_profiles_end()
    {
        // Lengths 52, 55, 60, 60, 60: L = 60, but from position 55 on only three samples are alive, so 55 positions remain
        // (> 50): ln BF = the mean per-token NLL over the first 55 tokens of the four samples of length ≥ 55: (1 + 2 + 2 + 3) / 4.
        // The sample of length 52 (NLL 5) is left out.
        SampledOutput Constant(int length, double surprisal) => Sample([.. Enumerable.Repeat(0.7, length)], [.. Enumerable.Repeat(-surprisal, length)]);
        SampledOutput[] outputs = [Constant(52, 5), Constant(55, 1), Constant(60, 2), Constant(60, 2), Constant(60, 3)];

        var paper = ReferenceBranchingFactor.Estimate(outputs, windowSize: 5, minAlive: 4);

        Assert.Equal(55, paper.EvaluationLength);
        Assert.Equal(EstimatorKind.Aep, paper.ReportedEstimator);
        Assert.Equal(Math.Exp(2), paper.Reported, Exact);
        Assert.Equal(Math.Exp(0.7), paper.MonteCarlo, Exact);
        Assert.Equal(55, paper.Curve[^1].End);
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 9)] // index 8.55: 9.55 (nearest rank would say 10)
    [InlineData(new[] { 4, 3, 3, 2, 2, 1 }, 3)]              // index 4.75: 3.75
    [InlineData(new[] { 7, 7, 7, 7 }, 7)]
    [InlineData(new[] { 5 }, 5)]
    public void The_evaluation_length_is_numpys_linear_95th_percentile_rounded_down(int[] lengths, int expected) =>
        Assert.Equal(expected, ReferenceBranchingFactor.EvaluationLength(lengths));

    [Fact]
    public void The_entropy_is_taken_of_the_50_most_likely_tokens_only_with_the_sampled_token_always_kept()
    {
        // 100 equally likely tokens: the 50 kept (ids 0–49 on ties) never reach top-p 1, so all 50 stay, renormalised.
        var uniform = Enumerable.Repeat(Math.Log(0.01), 100).ToArray();

        var inside = ReferenceBranchingFactor.CappedStep(uniform, token: 3, DecodingSettings.Plain);
        var outside = ReferenceBranchingFactor.CappedStep(uniform, token: 70, DecodingSettings.Plain);

        Assert.Equal(Math.Log(50), inside.Entropy, Exact);
        Assert.Equal(-Math.Log(50), inside.LogProbability, Exact);
        Assert.Equal(Math.Log(51), outside.Entropy, Exact);
        Assert.Equal(-Math.Log(51), outside.LogProbability, Exact);
    }

    [Fact]
    public void Top_p_keeps_tokens_until_their_probabilities_reach_it_and_adds_the_sampled_token_if_it_was_cut()
    {
        // branching-factor.md's vector: top-p 0.9 keeps 0.5, 0.3, 0.15 (cumulative 0.95), H = 0.993268.
        double[] p = [0.5, 0.3, 0.15, 0.05];
        var logProbabilities = p.Select(q => Math.Log(q)).ToArray();
        var topP = new DecodingSettings(TopP: 0.9);

        var kept = ReferenceBranchingFactor.CappedStep(logProbabilities, token: 1, topP);
        var cut = ReferenceBranchingFactor.CappedStep(logProbabilities, token: 3, topP);

        Assert.Equal(0.9932682101, kept.Entropy, Exact);
        Assert.Equal(Math.Log(0.3 / 0.95), kept.LogProbability, Exact);
        Assert.Equal(-p.Sum(q => q * Math.Log(q)), cut.Entropy, Exact); // all four again
        Assert.Equal(Math.Log(0.05), cut.LogProbability, Exact);
    }

    [Fact]
    public void Tokens_below_1e_12_are_skipped_and_greedy_decoding_has_no_entropy()
    {
        var logProbabilities = new[] { 0.6, 0.4 - 1e-13, 1e-13 }.Select(q => Math.Log(q)).ToArray();

        var step = ReferenceBranchingFactor.CappedStep(logProbabilities, token: 0, DecodingSettings.Plain);

        Assert.Equal(0.6730116670, step.Entropy, Exact); // the entropy of 0.6, 0.4: the third token never enters
        Assert.Equal((0.0, 0.0), ReferenceBranchingFactor.CappedStep(logProbabilities, token: 0, new DecodingSettings(Temperature: 0)));
    }

    [Fact]
    public void The_paper_compatible_mode_samples_from_the_whole_distribution_and_re_reads_the_samples_for_the_capped_entropy()
    {
        // 100 equally likely words (the end, id 100, never comes): every step's capped entropy is ln 50, or ln 51 where the
        // sampled word is outside the 50 kept; the plain estimator sees ln 100.
        var model = FunctionModel.Uniform(100);
        var options = new BranchingFactorOptions(DecodingSettings.Plain, Samples: 20, MaxOutputLength: 3, WindowSize: 1, MinAliveSamples: 1, PaperCompatible: true);

        var paper = BranchingFactorEstimator.Estimate(model, [0], options, new Random(1));
        var outputs = OutputSampler.Sample(model, [0], DecodingSettings.Plain, 20, 3, new Random(1));
        var outside = outputs.Sum(output => output.Tokens.Count(token => token >= 50));

        Assert.InRange(outside, 1, 59); // the sampling is not capped at 50 tokens
        Assert.Equal(Math.Exp((outside * Math.Log(51) + (60 - outside) * Math.Log(50)) / 60), paper.MonteCarlo, Exact);
        Assert.Equal(100, BranchingFactorEstimator.FromSamples(outputs, options with { PaperCompatible = false }).MonteCarlo, Exact);
        Assert.Throws<ArgumentException>(() => BranchingFactorEstimator.FromSamples(outputs, options));
    }
}
