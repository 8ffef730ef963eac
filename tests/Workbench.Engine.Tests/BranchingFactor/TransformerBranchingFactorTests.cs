using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using Workbench.Engine.Training;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests.BranchingFactor;

/// <summary>The estimators on the real transformer, through <see cref="TransformerNextTokenModel"/> and the generation engine.</summary>
public class TransformerBranchingFactorTests
{
    public TransformerBranchingFactorTests() => OneTorchThread.Configure();

    [Fact]
    public void Prefixes_of_different_lengths_get_the_same_log_probabilities_together_as_alone()
    {
        using var generator = new Generator(1);
        using var transformer = new Transformer(new TransformerShape(8, 6, 16, 1, 2), generator);
        var model = new TransformerNextTokenModel(transformer);
        int[][] prefixes = [[1, 3], [1, 4, 5, 6], [1, 7], [1]];

        var together = model.NextTokenLogProbabilities(prefixes);
        for (var i = 0; i < prefixes.Length; i++)
        {
            var alone = model.NextTokenLogProbabilities([prefixes[i]])[0];
            Assert.Equal(alone, together[i], (a, b) => Math.Abs(a - b) < 1e-6);
            Assert.Equal(1, together[i].Sum(Math.Exp), 6);
        }
    }

    [Fact]
    public void Sampling_through_the_key_value_cache_measures_what_reading_every_prefix_whole_gives()
    {
        using var generator = new Generator(3);
        using var transformer = new Transformer(new TransformerShape(8, 10, 16, 2, 2), generator);
        var model = new TransformerNextTokenModel(transformer);
        var settings = new DecodingSettings(Temperature: 1.3, TopP: 0.9);

        var outputs = OutputSampler.Sample(model, [1, 3, 4], settings, samples: 12, maxLength: 7, new Random(5));

        Assert.True(outputs.Select(output => output.Length).Distinct().Count() > 1, "the samples should end at different steps");
        foreach (var output in outputs)
            for (var step = 0; step < output.Length; step++)
            {
                var logProbabilities = model.NextTokenLogProbabilities([[1, 3, 4, .. output.Tokens[..step]]])[0];
                var (entropy, logProbability) = Measured(logProbabilities, settings, output.Tokens[step]);
                Assert.Equal(entropy, output.Entropies[step], 1e-5);
                Assert.Equal(logProbability, output.LogProbabilities[step], 1e-5);
            }
    }

    /// <returns>the entropy of P~ after a prefix and ln P~ of the token written there</returns>
    private static (double Entropy, double LogProbability) Measured(double[] logProbabilities, DecodingSettings settings, int token)
    {
        using var scope = NewDisposeScope();
        using var distribution = settings.ToDecoding().Distribution(tensor(logProbabilities, [1, logProbabilities.Length], dtype: ScalarType.Float64));
        return (distribution.Entropy.item<double>(), distribution.LogProbabilities[0][token].item<double>());
    }

    [Fact]
    public void A_transformer_trained_on_a_Markov_source_approaches_its_entropy_rate()
    {
        // Four words after which each row is a permutation of p, so the entropy rate is H(p) from every state
        // (BF 3.10); sequences are 8 words then the end token. The prompt holds the first word; BF is measured
        // over the 7 words after it (the end token that follows is certain and would only dilute the mean).
        double[] p = [0.55, 0.25, 0.12, 0.08];
        const int words = 4, length = 8, firstWord = Vocabulary.End + 1;
        var rows = new double[firstWord + words][];
        for (var row = 0; row < rows.Length; row++)
        {
            rows[row] = new double[rows.Length];
            if (row < firstWord && row != Vocabulary.Begin) { rows[row][Vocabulary.End] = 1; continue; }
            for (var i = 0; i < words; i++) rows[row][firstWord + (i + row) % words] = p[i];
        }
        var source = new MarkovSource(rows, Vocabulary.End, maxWords: length);
        var random = new Random(1);
        var examples = Enumerable.Range(0, 2000).Select(_ => new TrainingExample([Vocabulary.Begin], source.Continue([Vocabulary.Begin], length + 1, random))).ToList();

        using var generator = new Generator(2);
        using var transformer = new Transformer(new TransformerShape(rows.Length, length + 2, 24, 1, 2), generator);
        using (var training = new NextTokenTraining(transformer, examples, batchSize: 32, learningRate: 1e-2, seed: 3, TorchRuntime.Device))
            for (var step = 0; step < 250; step++) training.Step();

        var options = new BranchingFactorOptions(DecodingSettings.Plain, Samples: 200, MaxOutputLength: length - 1);
        var estimate = BranchingFactorEstimator.Estimate(new TransformerNextTokenModel(transformer), [Vocabulary.Begin, firstWord], options, new Random(4));
        var entropyRate = -p.Sum(q => q * Math.Log(q));

        // Not a statistical bound: the model's own error dominates (5 % of BF is 0.05 nats per token, more than
        // 250 steps leave). Sampling adds little: the Monte-Carlo estimate varies only through the model's error
        // between states, and the AEP estimate's standard error is s/√(7·200) ≈ 0.018 nats (s ≈ 0.67, the
        // surprisal's standard deviation under the source), so ±10 % (0.095 nats) is over 5 standard errors.
        Assert.InRange(estimate.MonteCarlo, 0.95 * Math.Exp(entropyRate), 1.05 * Math.Exp(entropyRate));
        Assert.InRange(estimate.Aep, 0.9 * Math.Exp(entropyRate), 1.1 * Math.Exp(entropyRate));
    }
}
