namespace Workbench.Engine.Tests;

/// <summary>An observer for tests that look only at what an experiment returns.</summary>
internal sealed class SilentObserver : IExperimentObserver
{
    public void DatasetGenerated(DatasetSummary dataset) { }
    public void TrainingStepCompleted(TrainingStep step) { }
    public void ModelTrained(ModelCheckpoint checkpoint) { }
}
