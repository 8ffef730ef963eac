using Workbench.Engine;
using Workbench.Engine.Pretrained;

namespace Workbench.Cli;

/// <summary>Reports a running experiment on standard error, so standard output holds only the result.</summary>
public sealed class ConsoleProgress : IExperimentObserver
{
    private readonly List<LoadedModelSummary> models = [];

    /// <summary>The pretrained models the experiment loaded, as a run records them.</summary>
    public IReadOnlyList<LoadedModelSummary> Models => models;

    /// <summary>Loss lines printed over the whole run.</summary>
    private const int LossReports = 10;

    public void DatasetGenerated(DatasetSummary dataset) => Console.Error.WriteLine(
        $"dataset: {dataset.TrainingExamples} training sequences, {dataset.ValidAnswers} valid answers, " +
        $"{dataset.VocabularySize} tokens, sha256 {dataset.ContentHash[..12]}…");

    public void TrainingStepCompleted(TrainingStep step)
    {
        var every = Math.Max(1, step.TotalSteps / LossReports);
        if (step.Step % every == 0 || step.Step == step.TotalSteps)
            Console.Error.WriteLine($"step {step.Step,6}/{step.TotalSteps}  loss {step.Loss:F4}");
    }

    public void ModelTrained(ModelCheckpoint checkpoint) => Console.Error.WriteLine(
        $"checkpoint of {checkpoint.Model}: {checkpoint.Weights.Length} bytes, sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(checkpoint.Weights))[..12]}…");

    public void ModelLoaded(LoadedModelSummary model)
    {
        models.Add(model);
        Console.Error.WriteLine($"{model.Role}: {model.Name}, {model.Architecture}, {model.Parameters:N0} parameters on {model.Device} in {model.ComputeType}, " +
                                $"manifest sha256 {model.Manifest.Sha256[..12]}…");
    }

    public void CheckpointEvaluated(CheckpointEvaluation checkpoint) => Console.Error.WriteLine(
        $"step {checkpoint.Step,6}  " + string.Join("  ", checkpoint.Metrics.Select(metric => $"{metric.Key} {metric.Value:F3}")));
}
