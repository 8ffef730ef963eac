namespace Workbench.Engine;

/// <summary>
/// How an experiment reports what happens while it runs. The worker turns these into events;
/// tests and the CLI record or print them.
/// </summary>
public interface IExperimentObserver
{
    void DatasetGenerated(DatasetSummary dataset);

    /// <summary>Called after every optimisation step; the observer decides how often to record.</summary>
    void TrainingStepCompleted(TrainingStep step);

    /// <summary>Called when a model's training ends, with its weights, so a run can keep its checkpoints.</summary>
    void ModelTrained(ModelCheckpoint checkpoint);

    /// <summary>
    /// Called when an experiment that evaluates during training (e.g. creativity's <c>evaluationEvery</c>) has
    /// scored a checkpoint, the final one included. Does nothing unless implemented.
    /// </summary>
    void CheckpointEvaluated(CheckpointEvaluation checkpoint) { }

    /// <summary>
    /// Called when an experiment has loaded a pretrained model, with what it loaded: name, content hash, architecture,
    /// parameters, device and dtype. Does nothing unless implemented.
    /// </summary>
    void ModelLoaded(Pretrained.LoadedModelSummary model) { }
}

/// <param name="ContentHash">SHA-256 (lower-case hex) of the training set, so a replay can prove it saw the same data.</param>
public sealed record DatasetSummary(int TrainingExamples, long ValidAnswers, string ContentHash, int VocabularySize);

public sealed record TrainingStep(int Step, int TotalSteps, double Loss);

/// <param name="Model">which model, when an experiment trains several (e.g. "base", "aligned"); "model" otherwise</param>
/// <param name="Weights">the model's parameters and buffers in TorchSharp's format (Module.save), byte-identical for identical weights</param>
public sealed record ModelCheckpoint(string Model, int Step, byte[] Weights)
{
    /// <summary>The weights as bytes, in TorchSharp's own format.</summary>
    public static byte[] WeightsOf(TorchSharp.torch.nn.Module model)
    {
        using var buffer = new MemoryStream();
        model.save(buffer);
        return buffer.ToArray();
    }
}

/// <param name="Step">training steps done when the model was evaluated</param>
/// <param name="Metrics">named scores, as the kind's final metrics are named</param>
public sealed record CheckpointEvaluation(int Step, IReadOnlyDictionary<string, double> Metrics);
