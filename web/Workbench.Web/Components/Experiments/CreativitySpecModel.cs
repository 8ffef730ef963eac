using Workbench.Engine.Creativity;

namespace Workbench.Web.Components.Experiments;

/// <summary>
/// The editable twin of the immutable <see cref="CreativitySpec"/>, for two-way binding in a form.
/// Property names match the spec's, so the spec's validation errors (camelCase field names) map onto them.
/// </summary>
public sealed class CreativitySpecModel
{
    public CreativityTask Task { get; set; }
    public TrainingObjective Objective { get; set; }
    public int Parents { get; set; }
    public int ChildrenPerParent { get; set; }
    public double TrainingFraction { get; set; }
    public int TrainingSteps { get; set; }
    public int BatchSize { get; set; }
    public int Width { get; set; }
    public int Depth { get; set; }
    public int Heads { get; set; }
    public double LearningRate { get; set; }
    public int Seed { get; set; }
    public int EvaluationSamples { get; set; }
    public double Temperature { get; set; }

    public static CreativitySpecModel From(CreativitySpec spec) => new()
    {
        Task = spec.Task,
        Objective = spec.Objective,
        Parents = spec.Parents,
        ChildrenPerParent = spec.ChildrenPerParent,
        TrainingFraction = spec.TrainingFraction,
        TrainingSteps = spec.TrainingSteps,
        BatchSize = spec.BatchSize,
        Width = spec.Width,
        Depth = spec.Depth,
        Heads = spec.Heads,
        LearningRate = spec.LearningRate,
        Seed = spec.Seed,
        EvaluationSamples = spec.EvaluationSamples,
        Temperature = spec.Temperature,
    };

    public CreativitySpec ToSpec() => new()
    {
        Task = Task,
        Objective = Objective,
        Parents = Parents,
        ChildrenPerParent = ChildrenPerParent,
        TrainingFraction = TrainingFraction,
        TrainingSteps = TrainingSteps,
        BatchSize = BatchSize,
        Width = Width,
        Depth = Depth,
        Heads = Heads,
        LearningRate = LearningRate,
        Seed = Seed,
        EvaluationSamples = EvaluationSamples,
        Temperature = Temperature,
    };
}
