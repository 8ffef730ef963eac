using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Training;

/// <summary>
/// Next-token prediction (NTP): cross-entropy of each scored answer token given everything before it. Prompt and
/// seed-prefix tokens are context only and never scored. An example may hide its first answer tokens behind a dummy
/// token (<see cref="TrainingExample.HiddenInputs"/>) and score only its later ones (<see cref="TrainingExample.FirstScored"/>):
/// that is how teacherless copies train beside ordinary examples (<see cref="TeacherlessCopies"/>), and a set of
/// all-hidden examples is the one-pass parallel teacherless objective. AdamW (<see cref="OptimizerOptions"/>);
/// batches come from <see cref="TrainingBatches"/>.
/// </summary>
public sealed class NextTokenTraining : ITrainingObjective
{
    /// <summary>The target of positions that are not scored; cross-entropy skips it.</summary>
    public const long NotScored = -100;

    private readonly TrainableLanguageModel model;
    private readonly TrainingBatches batches;
    private readonly Device device;
    private readonly int dummy;
    private readonly Optimisation optimisation;

    /// <param name="seed">seeds the batch order</param>
    /// <param name="prefixes">seed prefixes for every sequence; null for none</param>
    /// <param name="dummy">the token read in place of hidden answer tokens (<see cref="ModelTokens.Mask"/>); needed when an example hides any</param>
    public NextTokenTraining(TrainableLanguageModel model, IReadOnlyList<TrainingExample> examples, int batchSize, double learningRate, int seed, Device device,
        SeedPrefixes? prefixes = null, int? dummy = null, OptimizerOptions? optimizer = null)
    {
        if (dummy is null && examples.Any(example => example.HiddenInputs > 0))
            throw new ArgumentException("Examples hide answer tokens, so a dummy token is needed.", nameof(dummy));
        batches = new TrainingBatches(examples, batchSize, seed, prefixes ?? SeedPrefixes.None);
        CheckContext(model, batches.LongestSequence);
        this.model = model;
        this.device = device;
        this.dummy = dummy ?? Vocabulary.Pad;
        optimisation = new Optimisation(model, learningRate, optimizer);
    }

    /// <returns>the batch's mean cross-entropy (nats per scored token) before the update</returns>
    public double Step()
    {
        using var scope = NewDisposeScope();
        model.train();
        var (inputs, targets) = ShiftedBatch(batches.Next(), dummy, device);
        var logits = model.call(inputs);                                             // (batch, time, vocabulary)
        var loss = nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index: NotScored);
        optimisation.Minimise(loss);
        return loss.item<float>();
    }

    /// <param name="dummy">read in place of each example's hidden answer tokens</param>
    /// <returns>inputs (batch, time): each sequence but its last token, hidden answer tokens replaced, padded;
    /// targets (batch, time): the token after each input position where that token is a scored answer token, else NotScored</returns>
    public static (Tensor Inputs, Tensor Targets) ShiftedBatch(TrainingExample[] batch, int dummy, Device device)
    {
        var time = batch.Max(example => example.Length) - 1;
        var inputs = new long[batch.Length, time];
        var targets = new long[batch.Length, time];
        for (var row = 0; row < batch.Length; row++)
        {
            var example = batch[row];
            int[] sequence = [.. example.Prompt, .. example.Answer];
            var hidden = (Start: example.Prompt.Length, End: example.Prompt.Length + example.HiddenInputs);
            var firstScored = example.Prompt.Length + example.FirstScored; // index in `sequence` of the first scored token
            for (var t = 0; t < time; t++)
            {
                inputs[row, t] = t >= sequence.Length ? Vocabulary.Pad
                    : t >= hidden.Start && t < hidden.End ? dummy
                    : sequence[t];
                var next = t + 1;
                targets[row, t] = next >= firstScored && next < sequence.Length ? sequence[next] : NotScored;
            }
        }
        return (tensor(inputs, device: device), tensor(targets, device: device));
    }

    internal static void CheckContext(TrainableLanguageModel model, int longest)
    {
        if (longest > model.ContextLength)
            throw new ArgumentException($"An example of {longest} tokens exceeds the model's context of {model.ContextLength}.", nameof(model));
    }

    public void Dispose() => optimisation.Dispose();
}
