namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Measures a checkpoint of another branching-factor run: rebuild that run's language and prompts from its spec (they
/// are drawn from its seed), load the weights into a model of the shape they were trained in, and estimate BF.
/// </summary>
public static class CheckpointBranchingFactorExperiment
{
    /// <param name="source">the spec of the run that trained the checkpoint</param>
    /// <param name="weights">the checkpoint, as the run saved it (<see cref="ModelCheckpoint.WeightsOf"/>)</param>
    /// <exception cref="ArgumentException">the spec is invalid, or the weights do not fit the model the source trained</exception>
    /// <exception cref="OperationCanceledException">checked before every prompt</exception>
    public static CheckpointBranchingFactorOutcome Run(CheckpointBranchingFactorSpec spec, AlignedPairSpec source, byte[] weights, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid spec: " + string.Join("; ", errors.Select(error => $"{error.Field} {error.Message}")), nameof(spec));
        var data = AlignedPair.CreateData(source);
        observer.DatasetGenerated(data.Summary);
        using var transformer = AlignedPair.CreateModel(source.ShapeOf(spec.Model!), data.Language);
        try
        {
            using var stream = new MemoryStream(weights);
            transformer.load(stream);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new ArgumentException($"The checkpoint does not fit the model its run describes: {exception.Message}", nameof(weights), exception);
        }
        var model = new TransformerNextTokenModel(transformer);

        ModelBranchingFactor Measure(string name, INextTokenModel measured) => ModelMeasurement.Measure(name, _ => measured, data.Prompts,
            prompt => new BranchingFactorOptions(spec.Decoding, spec.SamplesPerPrompt, source.MaxWords + 2 - prompt.Length, spec.WindowSize, spec.MinAliveSamples),
            new Random(AlignedPair.SeedFor(spec.Seed, AlignedPair.Stream.Measurement)), cancellationToken);
        var checkpoint = Measure(spec.Model!, model);
        var broad = Measure("broadSource", data.Language.Broad);
        var preferred = Measure("preferredSource", data.Language.Preferred);
        var metrics = new Dictionary<string, double>
        {
            ["bf"] = checkpoint.Reported,
            ["bfMonteCarlo"] = checkpoint.MonteCarlo,
            ["bfAep"] = checkpoint.Aep,
            ["meanOutputLength"] = checkpoint.MeanOutputLength,
            ["broadSourceBf"] = broad.Reported,
            ["preferredSourceBf"] = preferred.Reported,
        };
        return new CheckpointBranchingFactorOutcome(metrics, checkpoint, broad, preferred);
    }
}

/// <summary>
/// BF of the checkpoint ("bf", by both estimators) and, for reference, of the source run's broad language and
/// preferred subset measured the same way.
/// </summary>
public sealed record CheckpointBranchingFactorOutcome(IReadOnlyDictionary<string, double> Metrics, ModelBranchingFactor Checkpoint,
    ModelBranchingFactor BroadSource, ModelBranchingFactor PreferredSource);
