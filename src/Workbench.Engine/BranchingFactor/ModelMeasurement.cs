namespace Workbench.Engine.BranchingFactor;

/// <summary>BF of one model (or source, or mixture) over a task's prompts, as every branching-factor study measures it.</summary>
public static class ModelMeasurement
{
    /// <param name="modelFor">the model to sample for a prompt (nudging builds one per prompt)</param>
    /// <param name="optionsFor">the estimator's options for a prompt (the output length left depends on the prompt's)</param>
    /// <param name="random">draws every token of every prompt in order</param>
    /// <param name="scorerFor">the model the paper-compatible mode re-reads a prompt's samples with, when not the sampled one
    /// (<see cref="BranchingFactorEstimator.Estimate"/>)</param>
    /// <exception cref="OperationCanceledException">checked before every prompt</exception>
    public static ModelBranchingFactor Measure(string name, Func<int[], INextTokenModel> modelFor, IReadOnlyList<int[]> prompts,
        Func<int[], BranchingFactorOptions> optionsFor, Random random, CancellationToken cancellationToken, Func<int[], INextTokenModel>? scorerFor = null)
    {
        var perPrompt = prompts.Select(prompt =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return BranchingFactorEstimator.Estimate(modelFor(prompt), prompt, optionsFor(prompt), random, scorerFor?.Invoke(prompt));
        }).ToList();
        return ModelBranchingFactor.Of(name, TaskBranchingFactor.Of(perPrompt));
    }
}
