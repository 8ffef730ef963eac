using Workbench.Engine.Generation;
using static TorchSharp.torch;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Nudging (branching-factor.md, "The paper's findings"): the base model decodes, but where the top-1
/// probability of its decoding distribution is below <c>threshold</c> the aligned model's distribution is
/// used for that token instead. As an <see cref="INextTokenModel"/> it plugs into the estimators unchanged,
/// so the BF measured is that of the mixture actually sampled. Every token asked for is counted per output position in
/// <see cref="NudgeCounts"/>: the sampler asks once per token written, so the counts are per sampled token.
/// </summary>
public sealed class NudgedModel(INextTokenModel baseModel, INextTokenModel alignedModel, double threshold, DecodingSettings decoding, int promptLength, NudgeCounts counts)
    : INextTokenModel
{
    public int VocabularySize => baseModel.VocabularySize;

    public int EndToken => baseModel.EndToken;

    public double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes)
    {
        var result = baseModel.NextTokenLogProbabilities(prefixes);
        using var scope = NewDisposeScope();
        var baseLogits = tensor(result.SelectMany(row => row).ToArray(), [prefixes.Count, VocabularySize], dtype: ScalarType.Float64);
        var nudges = Nudges(baseLogits).data<bool>().ToArray();
        var nudged = Enumerable.Range(0, prefixes.Count).Where(row => nudges[row]).ToArray();
        // Only the nudged prefixes go through the aligned model.
        var aligned = nudged.Length == 0 ? [] : alignedModel.NextTokenLogProbabilities([.. nudged.Select(row => prefixes[row])]);
        for (var i = 0; i < nudged.Length; i++) result[nudged[i]] = aligned[i];
        for (var row = 0; row < prefixes.Count; row++) counts.Record(prefixes[row].Length - promptLength, tokens: 1, nudges: nudges[row] ? 1 : 0);
        return result;
    }

    /// <summary>Both models decode every row (the aligned one keeps its own cache current); each step takes the aligned model's logits where the base model is unsure.</summary>
    public IDecoderState StartDecoding(IReadOnlyList<int[]> prompts, int maxNewTokens) =>
        new NudgedDecoderState(this, baseModel.StartDecoding(prompts, maxNewTokens), alignedModel.StartDecoding(prompts, maxNewTokens));

    private void Count(int position, int tokens, int nudges) => counts.Record(position, tokens, nudges);

    /// <param name="baseLogits">(rows, vocabulary)</param>
    /// <returns>(rows) bool: where the base model's decoding distribution puts less than the threshold on its top token</returns>
    private Tensor Nudges(Tensor baseLogits)
    {
        using var distribution = decoding.ToDecoding().Distribution(baseLogits.to(ScalarType.Float64));
        return distribution.Probabilities.max(1).values.lt(threshold);
    }

    private sealed class NudgedDecoderState(NudgedModel owner, IDecoderState baseState, IDecoderState alignedState) : IDecoderState
    {
        private int position;

        public long Rows => baseState.Rows;

        public Device Device => baseState.Device;

        public Tensor Start()
        {
            using var scope = NewDisposeScope();
            return Mixed(baseState.Start(), alignedState.Start(), zeros(Rows, dtype: ScalarType.Bool, device: Device)).MoveToOuterDisposeScope();
        }

        public Tensor Next(Tensor written, Tensor finished)
        {
            position++;
            using var scope = NewDisposeScope();
            var aligned = alignedState.Device;
            return Mixed(baseState.Next(written, finished), alignedState.Next(written.to(aligned), finished.to(aligned)), finished).MoveToOuterDisposeScope();
        }

        public void KeepRows(Tensor rows)
        {
            baseState.KeepRows(rows);
            alignedState.KeepRows(rows.to(alignedState.Device));
        }

        /// <param name="finished">(rows) bool: rows whose logits are ignored, so their tokens are not counted</param>
        /// <returns>(rows, vocabulary) float64: the aligned model's logits on the nudged rows, the base model's elsewhere</returns>
        private Tensor Mixed(Tensor baseLogits, Tensor alignedLogits, Tensor finished)
        {
            baseLogits = baseLogits.to(ScalarType.Float64);
            var nudges = owner.Nudges(baseLogits);                                                // (rows)
            var writing = finished.logical_not();
            owner.Count(position, (int)writing.sum().item<long>(), (int)nudges.logical_and(writing).sum().item<long>());
            return alignedLogits.to(ScalarType.Float64, baseLogits.device).where(nudges.unsqueeze(1), baseLogits);
        }

        public void Dispose()
        {
            baseState.Dispose();
            alignedState.Dispose();
        }
    }
}

/// <summary>Tokens written and tokens nudged, per output position (0 is the first output token).</summary>
public sealed class NudgeCounts
{
    private readonly List<int> tokens = [];
    private readonly List<int> nudges = [];

    public IReadOnlyList<int> TokensByPosition => tokens;

    /// <summary>The histogram of nudge positions.</summary>
    public IReadOnlyList<int> NudgesByPosition => nudges;

    public double NudgedFraction => tokens.Sum() == 0 ? 0 : (double)nudges.Sum() / tokens.Sum();

    public void Record(int position, int tokens, int nudges)
    {
        while (this.tokens.Count <= position) { this.tokens.Add(0); this.nudges.Add(0); }
        this.tokens[position] += tokens;
        this.nudges[position] += nudges;
    }
}
