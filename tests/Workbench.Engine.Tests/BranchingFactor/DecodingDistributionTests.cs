using Workbench.Engine.BranchingFactor;

namespace Workbench.Engine.Tests.BranchingFactor;

/// <summary>The spec's test vectors (branching-factor.md, "Test vectors") for one step, to 1e-5.</summary>
public class DecodingDistributionTests
{
    private const double Exact = 1e-5;
    private static readonly double[] FourTokens = [0.5, 0.3, 0.15, 0.05];

    private static double[] Logs(params double[] probabilities) => [.. probabilities.Select(p => Math.Log(p))];

    [Fact]
    public void Without_truncation_it_is_the_plain_softmax()
    {
        var distribution = new DecodingDistribution(Logs(FourTokens), DecodingSettings.Plain);
        Assert.Equal(FourTokens, distribution.Probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(1.142120, distribution.Entropy, Exact);
        Assert.Equal(3.133404, Math.Exp(distribution.Entropy), Exact);
    }

    [Fact]
    public void Top_p_keeps_the_tokens_reaching_the_threshold_and_renormalises()
    {
        // Cumulative 0.5, 0.8, 0.95: the third token crosses 0.9 and is kept; no tie at the threshold.
        var distribution = new DecodingDistribution(Logs(FourTokens), new DecodingSettings(TopP: 0.9));
        double[] expected = [0.526316, 0.315789, 0.157895, 0];
        Assert.Equal(expected, distribution.Probabilities, (a, b) => Math.Abs(a - b) < Exact);
        Assert.Equal([0, 1, 2], distribution.Kept);
        Assert.Equal(0.993268, distribution.Entropy, Exact);
        Assert.Equal(2.700044, Math.Exp(distribution.Entropy), Exact);
        Assert.Equal(double.NegativeInfinity, distribution.LogProbabilityOf(3));
    }

    [Fact]
    public void Top_k_keeps_the_k_most_likely_tokens()
    {
        var distribution = new DecodingDistribution(Logs(0.15, 0.5, 0.05, 0.3), new DecodingSettings(TopK: 2));
        Assert.Equal([0, 0.625, 0, 0.375], distribution.Probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Top_p_applies_to_what_top_k_left()
    {
        // Top-2 leaves [0.625, 0.375]; 0.625 already reaches 0.6, so top-p keeps the first token only.
        var distribution = new DecodingDistribution(Logs(FourTokens), new DecodingSettings(TopP: 0.6, TopK: 2));
        Assert.Equal([1.0, 0, 0, 0], distribution.Probabilities);
        Assert.Equal(0, distribution.Entropy);
    }

    [Fact]
    public void Temperature_divides_the_log_probabilities()
    {
        // Temperature 2: p^(1/2), renormalised.
        var distribution = new DecodingDistribution(Logs(FourTokens), new DecodingSettings(Temperature: 2));
        var roots = FourTokens.Select(Math.Sqrt).ToArray();
        Assert.Equal(roots.Select(root => root / roots.Sum()), distribution.Probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Temperature_zero_is_greedy_with_no_entropy()
    {
        var distribution = new DecodingDistribution(Logs(0.3, 0.5, 0.2), new DecodingSettings(Temperature: 0));
        Assert.Equal([0, 1.0, 0], distribution.Probabilities);
        Assert.Equal(0, distribution.Entropy);
    }

    [Fact]
    public void End_with_probability_one_tenth_and_four_uniform_tokens()
    {
        var distribution = new DecodingDistribution(Logs(0.225, 0.225, 0.225, 0.225, 0.1), DecodingSettings.Plain);
        Assert.Equal(1.572748, distribution.Entropy, Exact);
        Assert.Equal(4.819875, Math.Exp(distribution.Entropy), Exact);
    }

    [Fact]
    public void Adding_a_tenth_nine_times_falls_short_of_nine_tenths()
    {
        // Why no test here sits exactly on a top-p threshold: the same "0.9" can be two different doubles.
        var sum = 0.0;
        for (var i = 0; i < 9; i++) sum += 0.1;
        Assert.True(sum < 0.9);
    }

    [Fact]
    public void Samples_come_from_exactly_the_truncated_distribution()
    {
        var distribution = new DecodingDistribution(Logs(FourTokens), new DecodingSettings(TopP: 0.9));
        var random = new Random(11);
        const int draws = 20_000;
        var counts = new int[4];
        for (var i = 0; i < draws; i++) counts[distribution.Sample(random)]++;

        // The truncated token is never drawn. Each count is Binomial(n, q): its frequency has standard deviation
        // √(q(1−q)/n) ≤ 0.0036 here, and 4.5 of them bound a miss by chance at under 1e-5 per token.
        Assert.Equal(0, counts[3]);
        for (var token = 0; token < 3; token++)
        {
            var q = distribution.Probabilities[token];
            Assert.InRange((double)counts[token] / draws, q - 4.5 * Math.Sqrt(q * (1 - q) / draws), q + 4.5 * Math.Sqrt(q * (1 - q) / draws));
        }
    }
}
