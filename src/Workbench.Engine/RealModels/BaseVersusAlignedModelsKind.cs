namespace Workbench.Engine.RealModels;

/// <summary>
/// Base vs aligned on real checkpoints, as a registered kind: both models sampled on the same prompts, BF of both over
/// output position (the paper's Fig. 3) and their ratio.
/// </summary>
public static class BaseVersusAlignedModelsKind
{
    public static ExperimentKind Registration { get; } = ExperimentKind.Create<BaseVersusAlignedModelsSpec>(
        "modelBaseVsAligned",
        "Pretrained models: base vs aligned",
        "Samples a base model and its aligned counterpart (the same tokenizer; the aligned one through its chat template if asked) " +
        "on the same prompts and measures the branching factor of both by both estimators, over output position (the paper's " +
        "Fig. 3) and per prompt, and the ratio base / aligned.",
        [
            new("bfRatio", "BF ratio (base / aligned)", null, "0.00", "how many times more branches the base model keeps open (Monte-Carlo)", Headline: true),
            new("bfRatioAep", "BF ratio (AEP)", null, "0.00", "base over aligned, both by the AEP estimator"),
            new("ebfPerplexityRatio", "ebf_perplexity ratio", null, "0.00", "base over aligned, both as the paper's figures plot them"),
            new("bfRatioFirstWindow", "BF ratio, first positions", null, "0.00", "base over aligned in the first window of output positions"),
            .. PretrainedBranchingFactorKind.MeasuredMetrics("base", "Base"),
            .. PretrainedBranchingFactorKind.MeasuredMetrics("aligned", "Aligned"),
        ],
        [
            new CurveDefinition("output position", "branching factor", "BF of the base and the aligned model over output position (Fig. 3)"),
            new CurveDefinition("output position", "BF ratio", "base over aligned per window of output positions"),
        ],
        Run,
        inputs: spec => spec.Models,
        exampleLabels: PretrainedBranchingFactorKind.Labels);

    private static ExperimentResult Run(BaseVersusAlignedModelsSpec spec, ExperimentContext context)
    {
        spec.ThrowIfInvalid();
        var (baseModel, aligned) = ModelInputs.LoadPair(context, spec.Models);
        using var baseOwned = baseModel;
        using var alignedOwned = aligned;
        var texts = PromptSets.For(spec, baseModel.Tokenizer);
        var baseMeasured = PromptSampling.Measure("base", PromptSampling.Alone(baseModel), baseModel, [baseModel], texts,
            PromptSampling.Encode(baseModel, "baseModel", texts, chat: false, spec.MaxOutputTokens), spec, context.Cancellation);
        var alignedMeasured = PromptSampling.Measure("aligned", PromptSampling.Alone(aligned), aligned, [aligned], texts,
            PromptSampling.Encode(aligned, "alignedModel", texts, spec.AlignedChat, spec.MaxOutputTokens), spec, context.Cancellation);

        var ratio = Ratio(baseMeasured, alignedMeasured);
        var metrics = new Dictionary<string, double>(
            PretrainedBranchingFactorKind.Metrics("base", baseMeasured).Concat(PretrainedBranchingFactorKind.Metrics("aligned", alignedMeasured)))
        {
            ["bfRatio"] = baseMeasured.BranchingFactor.MonteCarlo / alignedMeasured.BranchingFactor.MonteCarlo,
            ["bfRatioAep"] = baseMeasured.BranchingFactor.Aep / alignedMeasured.BranchingFactor.Aep,
            ["ebfPerplexityRatio"] = baseMeasured.EbfPerplexity / alignedMeasured.EbfPerplexity,
        };
        if (ratio.Points.Count > 0) metrics["bfRatioFirstWindow"] = ratio.Points[0].Y;
        List<Curve> curves = [.. PretrainedBranchingFactorKind.Curves(baseMeasured), .. PretrainedBranchingFactorKind.Curves(alignedMeasured), ratio];
        List<LabelledExample> examples = [.. PretrainedBranchingFactorKind.Examples(baseMeasured), .. PretrainedBranchingFactorKind.Examples(alignedMeasured)];
        return new ExperimentResult(metrics, curves, examples, new BaseVersusAlignedModelsOutcome(baseMeasured, alignedMeasured));
    }

    /// <summary>Base over aligned (Monte-Carlo) in every window both curves reach.</summary>
    public static Curve Ratio(MeasuredModel baseModel, MeasuredModel aligned)
    {
        var alignedWindows = aligned.BranchingFactor.Curve.ToDictionary(window => window.Start);
        return new Curve("ratio (base / aligned)", "output position", "BF ratio",
            [.. baseModel.BranchingFactor.Curve.Where(window => alignedWindows.ContainsKey(window.Start))
                .Select(window => new CurvePoint(window.Start, window.MonteCarlo / alignedWindows[window.Start].MonteCarlo))]);
    }
}

/// <summary>The whole result of a base-vs-aligned run on pretrained models: each model's BF, curves, prompts and examples.</summary>
public sealed record BaseVersusAlignedModelsOutcome(MeasuredModel Base, MeasuredModel Aligned);
