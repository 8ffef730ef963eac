using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.BranchingFactor;

/// <summary>A trained <see cref="Transformer"/> as an <see cref="INextTokenModel"/>: prefixes of one length go through in one batch.</summary>
public sealed class TransformerNextTokenModel(Transformer model) : INextTokenModel
{
    public int VocabularySize => model.Shape.VocabularySize;

    public int EndToken => Vocabulary.End;

    public double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes)
    {
        var result = new double[prefixes.Count][];
        model.eval();
        using var noGrad = no_grad();
        var device = model.parameters().First().device;
        foreach (var group in Enumerable.Range(0, prefixes.Count).GroupBy(row => prefixes[row].Length))
        {
            using var scope = NewDisposeScope();
            var rows = group.ToArray();
            var length = group.Key;
            if (length == 0 || length > model.Shape.ContextLength)
                throw new ArgumentException($"A prefix of {length} tokens does not fit the model's context of {model.Shape.ContextLength}.", nameof(prefixes));
            var tokens = tensor(rows.SelectMany(row => prefixes[row].Select(token => (long)token)).ToArray(), [rows.Length, length], device: device);
            var logProbabilities = nn.functional.log_softmax(model.call(tokens).select(1, -1).to(ScalarType.Float64), 1).cpu(); // (rows, vocabulary)
            var values = logProbabilities.data<double>().ToArray();
            var vocabulary = VocabularySize;
            for (var i = 0; i < rows.Length; i++) result[rows[i]] = values[(i * vocabulary)..((i + 1) * vocabulary)];
        }
        return result;
    }
}
