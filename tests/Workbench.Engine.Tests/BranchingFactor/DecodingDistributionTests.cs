using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Generation;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests.BranchingFactor;

/// <summary>The spec's test vectors (branching-factor.md, "Test vectors") for one step, to 1e-5, through the engine's decoding rules.</summary>
public class DecodingDistributionTests
{
    private const double Exact = 1e-5;
    private static readonly double[] FourTokens = [0.5, 0.3, 0.15, 0.05];

    public DecodingDistributionTests() => OneTorchThread.Configure();

    private static double[] Logs(params double[] probabilities) => [.. probabilities.Select(p => Math.Log(p))];

    /// <summary>One row's P~ and entropy, as the engine computes them for a batch.</summary>
    private static (double[] Probabilities, double Entropy, double[] LogProbabilities) Distribution(double[] logProbabilities, DecodingSettings settings)
    {
        using var scope = NewDisposeScope();
        using var distribution = settings.ToDecoding().Distribution(tensor(logProbabilities, [1, logProbabilities.Length], dtype: ScalarType.Float64));
        return (distribution.Probabilities.data<double>().ToArray(), distribution.Entropy.item<double>(), distribution.LogProbabilities.data<double>().ToArray());
    }

    [Fact]
    public void Without_truncation_it_is_the_plain_softmax()
    {
        var (probabilities, entropy, _) = Distribution(Logs(FourTokens), DecodingSettings.Plain);
        Assert.Equal(FourTokens, probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(1.142120, entropy, Exact);
        Assert.Equal(3.133404, Math.Exp(entropy), Exact);
    }

    [Fact]
    public void Top_p_keeps_the_tokens_reaching_the_threshold_and_renormalises()
    {
        // Cumulative 0.5, 0.8, 0.95: the third token crosses 0.9 and is kept; no tie at the threshold.
        var (probabilities, entropy, logProbabilities) = Distribution(Logs(FourTokens), new DecodingSettings(TopP: 0.9));
        double[] expected = [0.526316, 0.315789, 0.157895, 0];
        Assert.Equal(expected, probabilities, (a, b) => Math.Abs(a - b) < Exact);
        Assert.Equal(0.993268, entropy, Exact);
        Assert.Equal(2.700044, Math.Exp(entropy), Exact);
        Assert.Equal(double.NegativeInfinity, logProbabilities[3]);
        Assert.Equal(Math.Log(0.526316), logProbabilities[0], Exact);
    }

    [Fact]
    public void Top_k_keeps_the_k_most_likely_tokens()
    {
        var (probabilities, _, _) = Distribution(Logs(0.15, 0.5, 0.05, 0.3), new DecodingSettings(TopK: 2));
        Assert.Equal([0, 0.625, 0, 0.375], probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Top_k_breaks_ties_at_its_boundary_by_the_lower_id()
    {
        var (probabilities, _, _) = Distribution(Logs(0.2, 0.3, 0.2, 0.3), new DecodingSettings(TopK: 3));
        Assert.Equal([0.25, 0.375, 0, 0.375], probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Top_p_applies_to_what_top_k_left()
    {
        // Top-2 leaves [0.625, 0.375]; 0.625 already reaches 0.6, so top-p keeps the first token only.
        var (probabilities, entropy, _) = Distribution(Logs(FourTokens), new DecodingSettings(TopP: 0.6, TopK: 2));
        Assert.Equal([1.0, 0, 0, 0], probabilities);
        Assert.Equal(0, entropy);
    }

    [Fact]
    public void Temperature_divides_the_log_probabilities()
    {
        // Temperature 2: p^(1/2), renormalised.
        var (probabilities, _, _) = Distribution(Logs(FourTokens), new DecodingSettings(Temperature: 2));
        var roots = FourTokens.Select(Math.Sqrt).ToArray();
        Assert.Equal(roots.Select(root => root / roots.Sum()), probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Temperature_zero_is_greedy_with_no_entropy()
    {
        var (probabilities, entropy, _) = Distribution(Logs(0.3, 0.5, 0.2), new DecodingSettings(Temperature: 0));
        Assert.Equal([0, 1.0, 0], probabilities);
        Assert.Equal(0, entropy);
    }

    [Fact]
    public void End_with_probability_one_tenth_and_four_uniform_tokens()
    {
        var (_, entropy, _) = Distribution(Logs(0.225, 0.225, 0.225, 0.225, 0.1), DecodingSettings.Plain);
        Assert.Equal(1.572748, entropy, Exact);
        Assert.Equal(4.819875, Math.Exp(entropy), Exact);
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
        // 20 000 rows of the same logits in one batch, drawn at once as the engine draws a step.
        const int draws = 20_000;
        using var scope = NewDisposeScope();
        var logits = tensor(Logs(FourTokens), [1, 4], dtype: ScalarType.Float64).expand(draws, 4);
        using var generator = new Generator(11);
        using var distribution = new DecodingSettings(TopP: 0.9).ToDecoding().Distribution(logits);
        var counts = distribution.Sample(generator).bincount(null, 4).data<long>().ToArray();
        var probabilities = distribution.Probabilities[0].data<double>().ToArray();

        // The truncated token is never drawn. Each count is Binomial(n, q): its frequency has standard deviation
        // √(q(1−q)/n) ≤ 0.0036 here, and 4.5 of them bound a miss by chance at under 1e-5 per token.
        Assert.Equal(0, counts[3]);
        for (var token = 0; token < 3; token++)
        {
            var q = probabilities[token];
            Assert.InRange((double)counts[token] / draws, q - 4.5 * Math.Sqrt(q * (1 - q) / draws), q + 4.5 * Math.Sqrt(q * (1 - q) / draws));
        }
    }
}
