namespace Workbench.Engine.Training;

/// <summary>
/// A training objective (algorithmic-creativity.md, "Training objectives") bound to a model, its data and
/// its optimiser: next-token, teacherless multi-token, or masked diffusion.
/// </summary>
public interface ITrainingObjective : IDisposable
{
    /// <summary>One optimisation step on the next batch.</summary>
    /// <returns>the batch's loss before the update (nats per scored token)</returns>
    double Step();
}
