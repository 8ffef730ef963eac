using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Generation;
using Workbench.Engine.Model;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests.BranchingFactor;

public class NudgingTests
{
    // Tokens a (0), b (1) and the end (2). The base model is unsure at the first output position (top-1 0.5)
    // and sure afterwards (top-1 0.9); the aligned model always prefers a, 0.7 to 0.3.
    private static readonly FunctionModel Base = new(3, 2, prefix => prefix.Length == 1 ? [0.5, 0.5, 0] : [0.9, 0.05, 0.05]);
    private static readonly FunctionModel Aligned = new(3, 2, _ => [0.7, 0.3, 0]);

    [Fact]
    public void The_aligned_model_writes_exactly_where_the_base_model_is_unsure()
    {
        var counts = new NudgeCounts();
        var nudged = new NudgedModel(Base, Aligned, threshold: 0.6, DecodingSettings.Plain, promptLength: 1, counts);
        var options = new BranchingFactorOptions(DecodingSettings.Plain, Samples: 30, MaxOutputLength: 4, WindowSize: 1, MinAliveSamples: 1);
        var estimate = BranchingFactorEstimator.Estimate(nudged, [0], options, new Random(1));

        Assert.Equal(30, counts.NudgesByPosition[0]);
        Assert.All(counts.NudgesByPosition.Skip(1), nudges => Assert.Equal(0, nudges));
        Assert.Equal(30, counts.TokensByPosition[0]);
        Assert.Equal(30.0 / counts.TokensByPosition.Sum(), counts.NudgedFraction, 12);
        // The first position has the aligned model's entropy, the next the base model's.
        Assert.Equal(Math.Exp(-(0.7 * Math.Log(0.7) + 0.3 * Math.Log(0.3))), estimate.Curve[0].MonteCarlo, 1e-9);
        Assert.Equal(Math.Exp(-(0.9 * Math.Log(0.9) + 2 * 0.05 * Math.Log(0.05))), estimate.Curve[1].MonteCarlo, 1e-9);
    }

    [Fact]
    public void A_threshold_no_top_1_probability_falls_below_never_nudges()
    {
        var counts = new NudgeCounts();
        var nudged = new NudgedModel(Base, Aligned, threshold: 0.4, DecodingSettings.Plain, promptLength: 1, counts);
        var exact = ExactBranchingFactor.Compute(nudged, [0], DecodingSettings.Plain, 3);

        Assert.Equal(0, counts.NudgedFraction);
        Assert.Equal(ExactBranchingFactor.Compute(Base, [0], DecodingSettings.Plain, 3), exact);
    }

    [Fact]
    public void The_threshold_judges_the_base_models_decoding_distribution()
    {
        // Top-k 1 makes the base model certain everywhere, so nothing is nudged even at threshold 0.6.
        var counts = new NudgeCounts();
        var nudged = new NudgedModel(Base, Aligned, threshold: 0.6, new DecodingSettings(TopK: 1), promptLength: 1, counts);
        nudged.NextTokenLogProbabilities([[0], [0, 1]]);
        Assert.Equal(0, counts.NudgedFraction);
        Assert.Equal([1, 1], counts.TokensByPosition);
    }

    [Fact]
    public void Nudging_two_transformers_through_their_caches_samples_measures_and_counts_as_nudging_prefix_by_prefix()
    {
        OneTorchThread.Configure();
        using var baseInit = new Generator(1);
        using var alignedInit = new Generator(2);
        using var baseTransformer = new Transformer(new TransformerShape(9, 10, 16, 1, 2), baseInit);
        using var alignedTransformer = new Transformer(new TransformerShape(9, 10, 16, 1, 2), alignedInit);
        var (baseModel, alignedModel) = (new TransformerNextTokenModel(baseTransformer), new TransformerNextTokenModel(alignedTransformer));
        // Untrained models are nearly uniform: a low temperature spreads their top-1 probabilities, and the threshold is
        // their median after one output token, so that about half of the tokens are nudged.
        var sharp = new DecodingSettings(Temperature: 0.05);
        var threshold = Median(baseModel.NextTokenLogProbabilities([.. Enumerable.Range(0, 9).Select(token => new[] { 1, 4, token })])
            .Select(row => 1 / row.Sum(logProbability => Math.Exp((logProbability - row.Max()) / sharp.Temperature))));
        (IReadOnlyList<SampledOutput> Outputs, NudgeCounts Counts) Sample(bool throughCaches)
        {
            var counts = new NudgeCounts();
            var nudged = new NudgedModel(baseModel, alignedModel, threshold, sharp, promptLength: 2, counts);
            INextTokenModel model = throughCaches ? nudged : new PrefixByPrefix(nudged);
            return (OutputSampler.Sample(model, [1, 4], sharp, samples: 16, maxLength: 6, new Random(3)), counts);
        }

        var (cached, cachedCounts) = Sample(throughCaches: true);
        var (byPrefix, prefixCounts) = Sample(throughCaches: false);

        Assert.Equal(byPrefix.Select(output => output.Tokens), cached.Select(output => output.Tokens));
        for (var row = 0; row < cached.Count; row++)
            Assert.Equal(byPrefix[row].Entropies, cached[row].Entropies, (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(prefixCounts.TokensByPosition, cachedCounts.TokensByPosition);
        Assert.Equal(prefixCounts.NudgesByPosition, cachedCounts.NudgesByPosition);
        Assert.InRange(cachedCounts.NudgedFraction, 0.01, 0.99); // some tokens nudged, not all: the mixture is exercised
        Assert.Equal(cached.Sum(output => output.Length), cachedCounts.TokensByPosition.Sum());
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>A model decoded by the default path: every step hands every whole prefix to it.</summary>
    private sealed class PrefixByPrefix(INextTokenModel model) : INextTokenModel
    {
        public int VocabularySize => model.VocabularySize;

        public int EndToken => model.EndToken;

        public double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes) => model.NextTokenLogProbabilities(prefixes);
    }
}
