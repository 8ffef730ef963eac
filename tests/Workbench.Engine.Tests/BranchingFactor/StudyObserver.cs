namespace Workbench.Engine.Tests.BranchingFactor;

/// <summary>Records what a branching-factor study reports, for the study tests.</summary>
internal sealed class StudyObserver : IExperimentObserver
{
    public List<DatasetSummary> Datasets { get; } = [];
    public List<TrainingStep> Steps { get; } = [];
    public List<ModelCheckpoint> Checkpoints { get; } = [];

    public void DatasetGenerated(DatasetSummary dataset) => Datasets.Add(dataset);

    public void TrainingStepCompleted(TrainingStep step) => Steps.Add(step);

    public void ModelTrained(ModelCheckpoint checkpoint) => Checkpoints.Add(checkpoint);
}
