namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Nudging (branching-factor.md, "The paper's findings"): the base model decodes, but where the top-1
/// probability of its decoding distribution is below <c>threshold</c> the aligned model's distribution is
/// used for that token instead. As an <see cref="INextTokenModel"/> it plugs into the estimators unchanged,
/// so the BF measured is that of the mixture actually sampled. Every call is counted per output position in
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
        var nudged = Enumerable.Range(0, prefixes.Count)
            .Where(row => new DecodingDistribution(result[row], decoding).Probabilities.Max() < threshold)
            .ToArray();
        // Only the nudged prefixes go through the aligned model.
        var aligned = nudged.Length == 0 ? [] : alignedModel.NextTokenLogProbabilities([.. nudged.Select(row => prefixes[row])]);
        for (var i = 0; i < nudged.Length; i++) result[nudged[i]] = aligned[i];
        for (var row = 0; row < prefixes.Count; row++) counts.Record(prefixes[row].Length - promptLength, nudged.Contains(row));
        return result;
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

    public void Record(int position, bool nudged)
    {
        while (tokens.Count <= position) { tokens.Add(0); nudges.Add(0); }
        tokens[position]++;
        if (nudged) nudges[position]++;
    }
}
