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

    /// <summary>Called once training ends, with the trained weights, so a run can keep its checkpoint.</summary>
    void ModelTrained(ModelCheckpoint checkpoint);
}

/// <param name="ContentHash">SHA-256 (lower-case hex) of the training set, so a replay can prove it saw the same data.</param>
public sealed record DatasetSummary(int TrainingExamples, int ValidAnswers, string ContentHash, int VocabularySize);

public sealed record TrainingStep(int Step, int TotalSteps, double Loss);

/// <param name="Weights">the model's parameters and buffers in TorchSharp's format (Module.save), byte-identical for identical weights</param>
public sealed record ModelCheckpoint(int Step, byte[] Weights);
