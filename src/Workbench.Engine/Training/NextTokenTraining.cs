using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Training;

/// <summary>
/// Next-token prediction (NTP): teacher-forced cross-entropy of each answer token given everything
/// before it. Prompt and seed-prefix tokens are context only and never scored. AdamW with a constant
/// learning rate; batches come from <see cref="TrainingBatches"/>.
/// </summary>
public sealed class NextTokenTraining : ITrainingObjective
{
    /// <summary>The target of positions that are not scored; cross-entropy skips it.</summary>
    internal const long NotScored = -100;

    private readonly Transformer model;
    private readonly TrainingBatches batches;
    private readonly Device device;
    private readonly optim.Optimizer optimizer;

    /// <param name="seed">seeds the batch order</param>
    /// <param name="prefixes">seed prefixes for every sequence; null for none</param>
    public NextTokenTraining(Transformer model, IReadOnlyList<TrainingExample> examples, int batchSize, double learningRate, int seed, Device device,
        SeedPrefixes? prefixes = null)
    {
        batches = new TrainingBatches(examples, batchSize, seed, prefixes ?? SeedPrefixes.None);
        CheckContext(model, batches.LongestSequence);
        this.model = model;
        this.device = device;
        optimizer = optim.AdamW(model.parameters(), lr: learningRate, weight_decay: 0.01);
    }

    /// <returns>the batch's mean cross-entropy (nats per answer token) before the update</returns>
    public double Step()
    {
        using var scope = NewDisposeScope();
        model.train();
        var (inputs, targets) = ShiftedBatch(batches.Next(), answerInput: null, device);
        var logits = model.call(inputs);                                             // (batch, time, vocabulary)
        var loss = nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index: NotScored);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <param name="answerInput">null: the model reads the true answer tokens (teacher forcing); otherwise
    /// it reads this token in place of every answer token (teacherless)</param>
    /// <returns>inputs (batch, time): each sequence but its last token, padded;
    /// targets (batch, time): the token after each input position where that token is part of the answer, else NotScored</returns>
    internal static (Tensor Inputs, Tensor Targets) ShiftedBatch(TrainingExample[] batch, int? answerInput, Device device)
    {
        var time = batch.Max(example => example.Length) - 1;
        var inputs = new long[batch.Length, time];
        var targets = new long[batch.Length, time];
        for (var row = 0; row < batch.Length; row++)
        {
            int[] sequence = [.. batch[row].Prompt, .. batch[row].Answer];
            var firstScored = batch[row].Prompt.Length; // index in `sequence` of the first answer token
            for (var t = 0; t < time; t++)
            {
                inputs[row, t] = t >= sequence.Length ? Vocabulary.Pad
                    : t >= firstScored && answerInput is int placeholder ? placeholder
                    : sequence[t];
                var next = t + 1;
                targets[row, t] = next >= firstScored && next < sequence.Length ? sequence[next] : NotScored;
            }
        }
        return (tensor(inputs, device: device), tensor(targets, device: device));
    }

    internal static void CheckContext(Transformer model, int longest)
    {
        if (longest > model.Shape.ContextLength)
            throw new ArgumentException($"An example of {longest} tokens exceeds the model's context of {model.Shape.ContextLength}.", nameof(model));
    }

    public void Dispose() => optimizer.Dispose();
}
