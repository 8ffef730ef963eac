using Workbench.Engine.Generation;
using static TorchSharp.torch;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Decoding from an <see cref="INextTokenModel"/> by its prefixes: every step hands the whole prefix of each row still
/// being written to the model (never a finished one: a model may count what it is asked, as nudging does) and turns
/// its log-probabilities into float64 logits on the CPU, for the engine's decoding rules.
/// </summary>
internal sealed class PrefixDecoderState(INextTokenModel model, IReadOnlyList<int[]> prompts) : IDecoderState
{
    private List<List<int>> prefixes = [.. prompts.Select(prompt => new List<int>(prompt))];

    public long Rows => prefixes.Count;

    public Device Device => CPU;

    public Tensor Start() => Logits([.. Enumerable.Range(0, prefixes.Count)]);

    public Tensor Next(Tensor written, Tensor finished)
    {
        var tokens = written.cpu().data<long>().ToArray();
        var done = finished.cpu().data<bool>().ToArray();
        for (var row = 0; row < prefixes.Count; row++) prefixes[row].Add((int)tokens[row]);
        return Logits([.. Enumerable.Range(0, prefixes.Count).Where(row => !done[row])]);
    }

    public void KeepRows(Tensor rows) => prefixes = [.. rows.cpu().data<long>().ToArray().Select(row => prefixes[(int)row])];

    /// <param name="asked">the rows whose logits matter</param>
    /// <returns>(rows, vocabulary) float64; uniform in the rows not asked</returns>
    private Tensor Logits(int[] asked)
    {
        var vocabulary = model.VocabularySize;
        var logits = new double[prefixes.Count * vocabulary];
        var logProbabilities = model.NextTokenLogProbabilities([.. asked.Select(row => prefixes[row].ToArray())]);
        for (var i = 0; i < asked.Length; i++) logProbabilities[i].CopyTo(logits, asked[i] * vocabulary);
        return tensor(logits, [prefixes.Count, vocabulary], dtype: ScalarType.Float64);
    }

    public void Dispose() { }
}
