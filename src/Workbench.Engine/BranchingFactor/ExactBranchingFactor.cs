using TorchSharp;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// The exact expectations the two estimators converge to, by enumerating every output of the decoding
/// distribution (branching-factor.md, "Exact BF"). With outputs of one fixed length N, <see cref="MeanEntropy"/>
/// is H̄ = (1/N) Σ_t E[H(Y_t | x, y_&lt;t)] itself; with an end token it is E[(1/|Y|) Σ_t H_t], the per-sample
/// length-normalised form the Monte-Carlo estimator averages.
/// </summary>
/// <param name="MeanEntropy">E[mean entropy along Y]; BF = exp of it</param>
/// <param name="MeanEntropyVariance">Var[mean entropy along Y]: one sample's variance, for statistical tolerances</param>
/// <param name="MeanSurprisal">E[−ln P~(Y|x) / |Y|], what the AEP estimator converges to</param>
/// <param name="MeanSurprisalVariance">Var[−ln P~(Y|x) / |Y|]</param>
/// <param name="Outputs">distinct outputs with non-zero probability</param>
public sealed record ExactBranchingFactor(double MeanEntropy, double MeanEntropyVariance, double MeanSurprisal, double MeanSurprisalVariance, long Outputs)
{
    public double BranchingFactor => Math.Exp(MeanEntropy);

    public double AepBranchingFactor => Math.Exp(MeanSurprisal);

    /// <summary>Enumerates the output tree level by level, one model call per level.</summary>
    /// <param name="maxOutputs">refuse (throw) once the tree holds more open prefixes or finished outputs than this</param>
    /// <exception cref="InvalidOperationException">the tree is too large to enumerate</exception>
    public static ExactBranchingFactor Compute(INextTokenModel model, int[] prompt, DecodingSettings settings, int maxLength, long maxOutputs = 200_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var open = new List<Node> { new([], 0, 0) };
        var (entropySum, entropySquares, surprisalSum, surprisalSquares, outputs) = (0.0, 0.0, 0.0, 0.0, 0L);
        for (var depth = 1; open.Count > 0; depth++)
        {
            var (probabilities, entropies, vocabulary) = Distributions(model, [.. open.Select(node => (int[])[.. prompt, .. node.Tokens])], settings);
            var children = new List<Node>();
            for (var row = 0; row < open.Count; row++)
            {
                var node = open[row];
                for (var token = 0; token < vocabulary; token++)
                {
                    var p = probabilities[row * vocabulary + token];
                    if (p == 0) continue;
                    var child = new Node([.. node.Tokens, token], node.LogProbability + Math.Log(p), node.EntropySum + entropies[row]);
                    if (token == model.EndToken || depth == maxLength)
                    {
                        var probability = Math.Exp(child.LogProbability);
                        var meanEntropy = child.EntropySum / depth;
                        var meanSurprisal = -child.LogProbability / depth;
                        entropySum += probability * meanEntropy;
                        entropySquares += probability * meanEntropy * meanEntropy;
                        surprisalSum += probability * meanSurprisal;
                        surprisalSquares += probability * meanSurprisal * meanSurprisal;
                        outputs++;
                    }
                    else
                    {
                        children.Add(child);
                    }
                    if (outputs + children.Count > maxOutputs)
                        throw new InvalidOperationException($"The output tree has more than {maxOutputs} branches; use an estimator.");
                }
            }
            open = children;
        }
        return new ExactBranchingFactor(entropySum, Math.Max(0, entropySquares - entropySum * entropySum),
            surprisalSum, Math.Max(0, surprisalSquares - surprisalSum * surprisalSum), outputs);
    }

    /// <returns>every prefix's decoding distribution, row after row, and its entropy, computed by the engine's rules</returns>
    private static (double[] Probabilities, double[] Entropies, int Vocabulary) Distributions(INextTokenModel model, IReadOnlyList<int[]> prefixes, DecodingSettings settings)
    {
        var logProbabilities = model.NextTokenLogProbabilities(prefixes);
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(logProbabilities.SelectMany(row => row).ToArray(), [prefixes.Count, model.VocabularySize], dtype: torch.ScalarType.Float64);
        using var distribution = settings.ToDecoding().Distribution(logits);
        return (distribution.Probabilities.data<double>().ToArray(), distribution.Entropy.data<double>().ToArray(), (int)distribution.Probabilities.shape[1]);
    }

    private sealed record Node(int[] Tokens, double LogProbability, double EntropySum);
}
