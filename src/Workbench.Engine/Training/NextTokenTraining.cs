using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Training;

/// <summary>
/// Next-token prediction (NTP): teacher-forced cross-entropy of each answer token given everything
/// before it. Prompt tokens are context only and never scored. AdamW with a constant learning rate.
/// Batches walk through the examples in an order shuffled afresh every epoch by a seeded
/// <see cref="Random"/>, so every example is seen equally often and the order repeats with the seed.
/// </summary>
public sealed class NextTokenTraining : IDisposable
{
    /// <summary>The target of positions that are not scored; cross-entropy skips it.</summary>
    private const long NotScored = -100;

    private readonly Transformer model;
    private readonly IReadOnlyList<TrainingExample> examples;
    private readonly int batchSize;
    private readonly Device device;
    private readonly optim.Optimizer optimizer;
    private readonly Random order;
    private readonly int[] epoch;
    private int nextInEpoch;

    public NextTokenTraining(Transformer model, IReadOnlyList<TrainingExample> examples, int batchSize, double learningRate, int seed, Device device)
    {
        if (examples.Count == 0) throw new ArgumentException("There is nothing to train on.", nameof(examples));
        var longest = examples.Max(example => example.Length);
        if (longest > model.Shape.ContextLength)
            throw new ArgumentException($"An example of {longest} tokens exceeds the model's context of {model.Shape.ContextLength}.", nameof(examples));
        this.model = model;
        this.examples = examples;
        this.batchSize = batchSize;
        this.device = device;
        optimizer = optim.AdamW(model.parameters(), lr: learningRate, weight_decay: 0.01);
        order = new Random(seed);
        epoch = [.. Enumerable.Range(0, examples.Count)];
        nextInEpoch = epoch.Length; // shuffle before the first batch
    }

    /// <summary>One optimisation step on the next batch.</summary>
    /// <returns>the batch's mean cross-entropy (nats per answer token) before the update</returns>
    public double Step()
    {
        using var scope = NewDisposeScope();
        model.train();
        var (inputs, targets) = NextBatch();
        var logits = model.call(inputs);                                             // (batch, time, vocabulary)
        var loss = nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index: NotScored);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <returns>inputs (batch, time): each sequence but its last token, padded;
    /// targets (batch, time): the token after each input position where that token is part of the answer, else NotScored</returns>
    private (Tensor Inputs, Tensor Targets) NextBatch()
    {
        var batch = Enumerable.Range(0, batchSize).Select(_ => examples[NextIndex()]).ToArray();
        var time = batch.Max(example => example.Length) - 1;
        var inputs = new long[batchSize, time];
        var targets = new long[batchSize, time];
        for (var row = 0; row < batchSize; row++)
        {
            int[] sequence = [.. batch[row].Prompt, .. batch[row].Answer];
            var firstScored = batch[row].Prompt.Length; // index in `sequence` of the first answer token
            for (var t = 0; t < time; t++)
            {
                inputs[row, t] = t < sequence.Length ? sequence[t] : Vocabulary.Pad;
                var next = t + 1;
                targets[row, t] = next >= firstScored && next < sequence.Length ? sequence[next] : NotScored;
            }
        }
        return (tensor(inputs, device: device), tensor(targets, device: device));
    }

    private int NextIndex()
    {
        if (nextInEpoch == epoch.Length)
        {
            order.Shuffle(epoch);
            nextInEpoch = 0;
        }
        return epoch[nextInEpoch++];
    }

    public void Dispose() => optimizer.Dispose();
}
