namespace Workbench.Runs.Models;

/// <summary>How much memory a pretrained model needs on a worker, estimated from its parameter count and compute dtype.</summary>
public static class ModelMemory
{
    /// <summary>Beyond the weights: activations, the key/value cache of a batch of decodes, the allocator's slack.</summary>
    private const double Margin = 1.2;

    /// <param name="dtype">"float32" or "bfloat16", the dtype the worker computes in</param>
    public static long Estimate(long parameters, string dtype) => (long)(parameters * (dtype == "bfloat16" ? 2 : 4) * Margin);

    /// <summary>Training in float32 with Adam: weights, gradients and the optimizer's two moments, 4 bytes each per parameter.</summary>
    public static long TrainingEstimate(long parameters) => (long)(parameters * 16 * Margin);

    /// <summary>Why training <paramref name="parameters"/> does not fit a worker's memory, or null (also when its memory is not known).</summary>
    public static string? TrainingProblem(long parameters, string device, long available)
    {
        var needed = TrainingEstimate(parameters);
        return available <= 0 || needed <= available ? null
            : $"needs about {Text(needed)} to train in float32 with Adam; {(device == "cuda" ? "its GPU" : "the host")} has {Text(available)}";
    }

    /// <summary>Why <paramref name="parameters"/> do not fit a worker's memory, or null (also when its memory is not known).</summary>
    /// <param name="device">"cpu" or "cuda": whose memory <paramref name="available"/> is, the host's or the GPU's</param>
    public static string? Problem(long parameters, string dtype, string device, long available)
    {
        var needed = Estimate(parameters, dtype);
        return available <= 0 || needed <= available ? null
            : $"needs about {Text(needed)} in {dtype}; {(device == "cuda" ? "its GPU" : "the host")} has {Text(available)}";
    }

    /// <summary>"1.4 GB", "310 MB": for messages.</summary>
    public static string Text(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0} GB" : $"{bytes / (double)(1L << 20):0} MB";
}
