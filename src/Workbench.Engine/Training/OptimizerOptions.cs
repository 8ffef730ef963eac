using static TorchSharp.torch;

namespace Workbench.Engine.Training;

/// <summary>
/// How the objectives' AdamW runs beyond its learning rate. The defaults are what every objective always did
/// (weight decay 0.01, constant rate, no clipping); the authors' runs use weight decay 0, 2,000 steps of linear
/// warm-up then a constant rate (Hugging Face's <c>constant_schedule_with_warmup</c>) and clipping at norm 1.
/// </summary>
/// <param name="WarmupSteps">update k (from 0) uses rate × min(1, k / WarmupSteps); 0: the rate from the first update</param>
/// <param name="ClipNorm">the gradients' total norm is clipped to this before each update; 0: no clipping</param>
public sealed record OptimizerOptions(double WeightDecay = 0.01, int WarmupSteps = 0, double ClipNorm = 0)
{
    public static OptimizerOptions Default { get; } = new();
}

/// <summary>AdamW over a model's parameters with <see cref="OptimizerOptions"/>: the one update every objective makes.</summary>
internal sealed class Optimisation : IDisposable
{
    private readonly nn.Module module;
    private readonly double learningRate;
    private readonly OptimizerOptions options;
    private readonly optim.Optimizer optimizer;
    private int updates;

    public Optimisation(nn.Module module, double learningRate, OptimizerOptions? options)
    {
        this.module = module;
        this.learningRate = learningRate;
        this.options = options ?? OptimizerOptions.Default;
        optimizer = optim.AdamW(module.parameters(), lr: learningRate, weight_decay: this.options.WeightDecay);
    }

    /// <summary>Back-propagates the loss and updates the weights.</summary>
    public void Minimise(Tensor loss)
    {
        optimizer.zero_grad();
        loss.backward();
        if (options.ClipNorm > 0) nn.utils.clip_grad_norm_(module.parameters(), options.ClipNorm);
        if (options.WarmupSteps > 0)
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = learningRate * Math.Min(1.0, (double)updates / options.WarmupSteps);
        optimizer.step();
        updates++;
    }

    public void Dispose() => optimizer.Dispose();
}
