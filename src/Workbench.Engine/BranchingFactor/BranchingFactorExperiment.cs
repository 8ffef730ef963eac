namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// One base-vs-aligned run: generate the language and both training sets, pretrain, fine-tune a copy,
/// measure both models' BF (and the two sources', for reference) with the same prompts and decoding, then nudging.
/// Every random choice derives from the spec's seed, so on the CPU the same spec and thread count repeat bit for bit.
/// Training steps are reported 1 … PretrainingSteps + FineTuningSteps across both phases (<see cref="AlignedPair"/>).
/// </summary>
public static class BranchingFactorExperiment
{
    /// <exception cref="ArgumentException">the spec is invalid</exception>
    /// <exception cref="OperationCanceledException">cancelled; checked before every training step and every measured prompt</exception>
    public static BranchingFactorOutcome Run(BranchingFactorSpec spec, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        spec.ThrowIfInvalid();
        var data = AlignedPair.CreateData(spec);
        observer.DatasetGenerated(data.Summary);
        using var pair = AlignedPair.Train(spec, data, observer, cancellationToken);
        var (pretrainingLoss, fineTuningLoss) = (pair.PretrainingLoss, pair.FineTuningLoss);

        var baseModelView = new TransformerNextTokenModel(pair.Base);
        var alignedModelView = new TransformerNextTokenModel(pair.Aligned);
        var baseMeasured = Measure("base", baseModelView, spec, data.Prompts, cancellationToken);
        var alignedMeasured = Measure("aligned", alignedModelView, spec, data.Prompts, cancellationToken);
        var broadSource = Measure("broadSource", data.Language.Broad, spec, data.Prompts, cancellationToken);
        var preferredSource = Measure("preferredSource", data.Language.Preferred, spec, data.Prompts, cancellationToken);
        var nudging = spec.NudgeThreshold > 0 ? MeasureNudging(baseModelView, alignedModelView, spec, data.Prompts, cancellationToken) : null;

        var metrics = new Dictionary<string, double>
        {
            ["baseBf"] = baseMeasured.Reported,
            ["alignedBf"] = alignedMeasured.Reported,
            ["bfRatio"] = baseMeasured.Reported / alignedMeasured.Reported,
            ["baseBfMonteCarlo"] = baseMeasured.MonteCarlo,
            ["alignedBfMonteCarlo"] = alignedMeasured.MonteCarlo,
            ["baseBfAep"] = baseMeasured.Aep,
            ["alignedBfAep"] = alignedMeasured.Aep,
            ["bfRatioAep"] = baseMeasured.Aep / alignedMeasured.Aep,
            ["broadSourceBf"] = broadSource.Reported,
            ["preferredSourceBf"] = preferredSource.Reported,
            ["baseMeanOutputLength"] = baseMeasured.MeanOutputLength,
            ["alignedMeanOutputLength"] = alignedMeasured.MeanOutputLength,
            ["pretrainingLoss"] = pretrainingLoss,
            ["fineTuningLoss"] = fineTuningLoss,
        };
        // The paper finds the gap widest at the first positions.
        if (baseMeasured.Curve.Count > 0 && alignedMeasured.Curve.Count > 0)
            metrics["bfRatioFirstWindow"] = baseMeasured.Curve[0].MonteCarlo / alignedMeasured.Curve[0].MonteCarlo;
        if (nudging is not null)
        {
            metrics["nudgedBf"] = nudging.BranchingFactor.Reported;
            metrics["nudgedFraction"] = nudging.NudgedFraction;
        }
        return new BranchingFactorOutcome(metrics, baseMeasured, alignedMeasured, broadSource, preferredSource, nudging, pretrainingLoss, fineTuningLoss);
    }

    /// <summary>BF of one model over the prompts, with the spec's decoding and estimator options.</summary>
    public static ModelBranchingFactor Measure(string name, INextTokenModel model, BranchingFactorSpec spec, IReadOnlyList<int[]> prompts, CancellationToken cancellationToken) =>
        Measure(name, _ => model, spec, prompts, cancellationToken);

    /// <summary>
    /// Nudging: the base model decodes, the aligned model writes the tokens where the base model's top-1 probability
    /// is below the spec's threshold; measured like the models themselves, with the nudges counted by position.
    /// </summary>
    public static NudgingOutcome MeasureNudging(INextTokenModel baseModel, INextTokenModel alignedModel, BranchingFactorSpec spec, IReadOnlyList<int[]> prompts, CancellationToken cancellationToken)
    {
        var counts = new NudgeCounts();
        var measured = Measure("nudged", prompt => new NudgedModel(baseModel, alignedModel, spec.NudgeThreshold, spec.Decoding, prompt.Length, counts),
            spec, prompts, cancellationToken);
        return new NudgingOutcome(spec.NudgeThreshold, measured, counts.NudgedFraction, counts.NudgesByPosition, counts.TokensByPosition);
    }

    private static ModelBranchingFactor Measure(string name, Func<int[], INextTokenModel> modelFor, BranchingFactorSpec spec, IReadOnlyList<int[]> prompts, CancellationToken cancellationToken) =>
        // Every model draws with the same stream, so differences come from the models, not the draws.
        ModelMeasurement.Measure(name, modelFor, prompts,
            // A prompt is the begin token and its words; the output may take the remaining words and the end token.
            prompt => new BranchingFactorOptions(spec.Decoding, spec.SamplesPerPrompt, spec.MaxWords + 2 - prompt.Length,
                spec.WindowSize, spec.MinAliveSamples, spec.PaperCompatible),
            new Random(AlignedPair.SeedFor(spec, AlignedPair.Stream.Measurement)), cancellationToken);
}
