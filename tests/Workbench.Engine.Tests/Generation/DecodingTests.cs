using Workbench.Engine.Generation;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests.Generation;

/// <summary>The rules beyond the branching-factor vectors (<c>BranchingFactor/DecodingDistributionTests</c>): min-p, writable tokens, batches.</summary>
public class DecodingTests
{
    public DecodingTests() => TestTorch.Configure();

    [Fact]
    public void Top_one_sampling_is_greedy_and_only_writable_tokens_are_written()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var logits = tensor(new float[,] { { 0, 5, 1, 9 }, { 3, 0, 2, 1 }, { 0, 1, 0, 0 } });
        Assert.Equal([3L, 0, 1], new Decoding(1.0, TopK: 1).Choose(logits, generator).data<long>().ToArray());
        Assert.Equal([3L, 0, 1], new Decoding(0).Choose(logits, generator).data<long>().ToArray());
        Assert.Equal([1L, 0, 1], new Decoding(0, WritableTokens: 3).Choose(logits, generator).data<long>().ToArray());
        for (var draw = 0; draw < 20; draw++)
        {
            var chosen = new Decoding(5.0, TopK: 2, WritableTokens: 3).Choose(logits, generator).data<long>().ToArray();
            Assert.Contains(chosen[0], new long[] { 1, 2 });
            Assert.Contains(chosen[1], new long[] { 0, 2 });
        }
    }

    [Fact]
    public void Min_p_keeps_the_tokens_at_least_that_fraction_as_likely_as_the_top_one_each_row_on_its_own()
    {
        // Row 1: 0.5, 0.3, 0.15, 0.05 with min-p 0.35 keeps p ≥ 0.175: the first two, renormalised 0.625 / 0.375.
        // Row 2: uniform, so every token is as likely as the top one and all are kept.
        using var scope = NewDisposeScope();
        var logits = tensor(new[,] { { Math.Log(0.5), Math.Log(0.3), Math.Log(0.15), Math.Log(0.05) }, { 0.0, 0, 0, 0 } });
        using var distribution = new Decoding(MinP: 0.35).Distribution(logits);
        var probabilities = distribution.Probabilities.data<double>().ToArray();
        Assert.Equal([0.625, 0.375, 0, 0, 0.25, 0.25, 0.25, 0.25], probabilities, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(-(0.625 * Math.Log(0.625) + 0.375 * Math.Log(0.375)), distribution.Entropy[0].item<double>(), 1e-12);
        Assert.Equal(Math.Log(4), distribution.Entropy[1].item<double>(), 1e-12);
    }

    [Fact]
    public void Min_p_applies_after_top_p()
    {
        // Top-p 0.9 keeps 0.5, 0.3, 0.15; min-p 0.4 then drops 0.15 (below 0.4 · 0.5): 0.625 / 0.375.
        using var scope = NewDisposeScope();
        var logits = tensor(new[,] { { Math.Log(0.5), Math.Log(0.3), Math.Log(0.15), Math.Log(0.05) } });
        using var distribution = new Decoding(TopP: 0.9, MinP: 0.4).Distribution(logits);
        Assert.Equal([0.625, 0.375, 0, 0], distribution.Probabilities.data<double>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void The_distribution_covers_only_writable_tokens_and_keeps_their_ids()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[,] { { 1, 2, 3, 30 } });
        using var distribution = new Decoding(WritableTokens: 3).Distribution(logits);
        Assert.Equal([1L, 3], distribution.Probabilities.shape);
        Assert.Equal(2, distribution.Probabilities.argmax(1).item<long>());
    }

    [Theory]
    [InlineData(20.0, 0.9)]   // peaked: the cut lies among the few most likely tokens
    [InlineData(0.01, 0.9)]   // nearly flat: the whole row must be sorted
    [InlineData(1.0, 0.5)]
    public void Top_p_over_a_large_vocabulary_keeps_what_sorting_the_whole_row_keeps(double scale, double topP)
    {
        const int rows = 4, vocabulary = 5000;
        var random = new Random(3);
        // The last row is rounded to whole numbers: many ties, so ids must break them at the cut.
        var logits = new double[rows * vocabulary];
        for (var i = 0; i < logits.Length; i++)
            logits[i] = i / vocabulary == rows - 1 ? Math.Round(3 * random.NextDouble()) : scale * (random.NextDouble() * 6 - 3);
        using var scope = NewDisposeScope();
        using var distribution = new Decoding(TopP: topP).Distribution(tensor(logits, [rows, vocabulary]));
        var kept = distribution.Probabilities.gt(0).data<bool>().ToArray();

        for (var row = 0; row < rows; row++)
        {
            var values = logits.AsSpan(row * vocabulary, vocabulary).ToArray();
            var order = Enumerable.Range(0, vocabulary).OrderByDescending(token => values[token]).ThenBy(token => token).ToArray();
            var normaliser = values.Max() + Math.Log(values.Sum(value => Math.Exp(value - values.Max())));
            var (cumulative, expected) = (0.0, new bool[vocabulary]);
            foreach (var token in order)
            {
                if (cumulative >= topP) break;
                expected[token] = true;
                cumulative += Math.Exp(values[token] - normaliser);
            }
            Assert.Equal(expected, kept.AsSpan(row * vocabulary, vocabulary).ToArray());
        }
    }

    [Theory]
    [InlineData(-1.0, 0, 1.0, 0.0)]
    [InlineData(1.0, -1, 1.0, 0.0)]
    [InlineData(1.0, 0, 0.0, 0.0)]
    [InlineData(1.0, 0, 1.5, 0.0)]
    [InlineData(1.0, 0, 1.0, 1.5)]
    public void Rules_out_of_range_are_refused(double temperature, int topK, double topP, double minP)
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => new Decoding(temperature, topK, topP, minP).Choose(zeros(1, 3), null));
    }
}
