using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Training;

/// <summary>
/// Teacherless multi-token training: the model reads the prompt (and seed prefix) followed by placeholder
/// tokens where the answer would be, and must predict every answer token at once, each from the position
/// before it, without ever seeing a true answer token (no teacher forcing). The loss is the mean
/// cross-entropy over the answer tokens, as for next-token training; only the input differs.
/// <see cref="Sampling.TeacherlessSampler"/> decodes the same way.
/// </summary>
public sealed class TeacherlessTraining : ITrainingObjective
{
    private readonly Transformer model;
    private readonly TrainingBatches batches;
    private readonly int placeholder;
    private readonly Device device;
    private readonly optim.Optimizer optimizer;

    /// <param name="placeholder">the token read in place of every answer token (<see cref="ModelTokens.Mask"/>)</param>
    public TeacherlessTraining(Transformer model, IReadOnlyList<TrainingExample> examples, int batchSize, double learningRate, int seed, Device device,
        int placeholder, SeedPrefixes? prefixes = null)
    {
        batches = new TrainingBatches(examples, batchSize, seed, prefixes ?? SeedPrefixes.None);
        NextTokenTraining.CheckContext(model, batches.LongestSequence);
        this.model = model;
        this.placeholder = placeholder;
        this.device = device;
        optimizer = optim.AdamW(model.parameters(), lr: learningRate, weight_decay: 0.01);
    }

    /// <returns>the batch's mean cross-entropy (nats per answer token) before the update</returns>
    public double Step()
    {
        using var scope = NewDisposeScope();
        model.train();
        var (inputs, targets) = NextTokenTraining.ShiftedBatch(batches.Next(), placeholder, device);
        var logits = model.call(inputs);                                             // (batch, time, vocabulary)
        var loss = nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index: NextTokenTraining.NotScored);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    public void Dispose() => optimizer.Dispose();
}
