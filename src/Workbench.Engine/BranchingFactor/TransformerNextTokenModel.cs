using Workbench.Engine.Generation;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// A causal transformer (ours or a pretrained one) as an <see cref="INextTokenModel"/>: the estimators sample it through
/// the generation engine's key-value cache (<see cref="StartDecoding"/>); <see cref="NextTokenLogProbabilities"/> reads
/// any prefixes whole, in one left-padded batch (exact enumeration, nudging decisions on given prefixes).
/// </summary>
/// <param name="endToken">the token that ends an output: our vocabulary's <c>&lt;eos&gt;</c> unless given</param>
public sealed class TransformerNextTokenModel(ICausalLanguageModel model, int endToken = Vocabulary.End) : INextTokenModel
{
    public int VocabularySize => model.VocabularySize;

    public int EndToken => endToken;

    public double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes)
    {
        if (prefixes.Count == 0) return [];
        using var scope = NewDisposeScope();
        var logProbabilities = nn.functional.log_softmax(GenerationEngine.NextTokenLogits(model, prefixes).to(ScalarType.Float64), 1)
            .cpu().data<double>().ToArray();                                                        // (prefixes · vocabulary)
        var vocabulary = VocabularySize;
        return [.. Enumerable.Range(0, prefixes.Count).Select(row => logProbabilities[(row * vocabulary)..((row + 1) * vocabulary)])];
    }

    public IDecoderState StartDecoding(IReadOnlyList<int[]> prompts, int maxNewTokens) =>
        GenerationEngine.Start(model, prompts, maxNewTokens);
}
