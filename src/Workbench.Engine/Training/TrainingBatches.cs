using Workbench.Engine.Tokens;

namespace Workbench.Engine.Training;

/// <summary>
/// Draws training batches: the examples in an order shuffled afresh every epoch by a seeded
/// <see cref="Random"/>, so every example is seen equally often and the order repeats with the seed.
/// <para>With seed-conditioning, every training sequence gets its own random prefix after its prompt,
/// drawn once (in example order) and kept for the whole run, as the paper's hash-conditioning prefixes
/// each training example with its own hash. The prefix is then a random key of its answer, which the model
/// can learn to follow; a new prefix at test time picks a new answer. (Drawing a new prefix every time a
/// sequence is revisited makes the prefix carry no information: in our runs the model learnt to ignore it
/// and greedy decoding collapsed to a handful of answers.)</para>
/// </summary>
public sealed class TrainingBatches
{
    private readonly IReadOnlyList<TrainingExample> examples;
    private readonly int batchSize;
    private readonly Random order;
    private readonly int[] epoch;
    private int nextInEpoch;

    /// <param name="seed">seeds the batch order</param>
    /// <param name="prefixes">the seed prefixes (<see cref="SeedPrefixes.None"/> for none)</param>
    public TrainingBatches(IReadOnlyList<TrainingExample> examples, int batchSize, int seed, SeedPrefixes prefixes)
    {
        if (examples.Count == 0) throw new ArgumentException("There is nothing to train on.", nameof(examples));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.examples = prefixes.Length == 0 ? examples : [.. examples.Select(example => example with { Prompt = prefixes.After(example.Prompt) })];
        this.batchSize = batchSize;
        order = new Random(seed);
        epoch = [.. Enumerable.Range(0, examples.Count)];
        nextInEpoch = epoch.Length; // shuffle before the first batch
    }

    /// <summary>Tokens in the longest sequence a batch can hold, seed prefix included.</summary>
    public int LongestSequence => examples.Max(example => example.Length);

    /// <summary>The next batch, each example's prompt followed by its own seed prefix.</summary>
    public TrainingExample[] Next() => [.. Enumerable.Range(0, batchSize).Select(_ => examples[NextIndex()])];

    private int NextIndex()
    {
        if (nextInEpoch == epoch.Length)
        {
            order.Shuffle(epoch);
            nextInEpoch = 0;
        }
        return epoch[nextInEpoch++];
    }
}
