namespace Workbench.Engine.BranchingFactor;

/// <summary>Base vs aligned (<see cref="BranchingFactorExperiment"/>) as a registered kind.</summary>
public static class BaseVersusAlignedKind
{
    public static ExperimentKind Registration { get; } = ExperimentKind.Create<BranchingFactorSpec>(
        "branchingFactor",
        "Branching factor: base vs aligned",
        "Pretrains a small transformer on a broad synthetic language (the base model), fine-tunes a copy on a preferred " +
        "subset (the aligned model), and measures the branching factor of both by both estimators and over output position, " +
        "then nudging (the base model decoding, the aligned one writing where the base is unsure).",
        [
            new("bfRatio", "BF ratio (base / aligned)", null, "0.00", "how many times more branches the base model keeps open", Headline: true),
            new("baseBf", "Base BF", null, "0.00", "the base model's branching factor (the estimator the mode reports)"),
            new("alignedBf", "Aligned BF", null, "0.00", "the aligned model's branching factor"),
            new("baseBfMonteCarlo", "Base BF (Monte-Carlo)", null, "0.00", "exp of the mean per-token entropy along each sample"),
            new("alignedBfMonteCarlo", "Aligned BF (Monte-Carlo)", null, "0.00", "exp of the mean per-token entropy along each sample"),
            new("baseBfAep", "Base BF (AEP)", null, "0.00", "exp of the mean per-token surprisal of the samples"),
            new("alignedBfAep", "Aligned BF (AEP)", null, "0.00", "exp of the mean per-token surprisal of the samples"),
            new("bfRatioAep", "BF ratio (AEP)", null, "0.00", "base over aligned, both by the AEP estimator"),
            new("baseEbfPerplexity", "Base BF (ebf_perplexity)", null, "0.00", "the reference code's figure quantity: the mean over samples of exp(mean token entropy)"),
            new("alignedEbfPerplexity", "Aligned BF (ebf_perplexity)", null, "0.00", "the reference code's figure quantity: the mean over samples of exp(mean token entropy)"),
            new("ebfPerplexityRatio", "BF ratio (ebf_perplexity)", null, "0.00", "base over aligned, both by the reference code's ebf_perplexity"),
            new("bfRatioFirstWindow", "BF ratio, first positions", null, "0.00", "base over aligned in the first window of output positions"),
            new("broadSourceBf", "Broad language's BF", null, "0.00", "the broad language itself, measured the same way: a perfect base model"),
            new("preferredSourceBf", "Preferred subset's BF", null, "0.00", "the preferred subset itself: a perfect aligned model"),
            new("broadSourceEbfPerplexity", "Broad language's ebf_perplexity", null, "0.00", "the broad language itself, by the reference code's ebf_perplexity"),
            new("preferredSourceEbfPerplexity", "Preferred subset's ebf_perplexity", null, "0.00", "the preferred subset itself, by the reference code's ebf_perplexity"),
            new("nudgedBf", "Nudged BF", null, "0.00", "the base model decoding with the aligned model writing its uncertain tokens"),
            new("nudgedEbfPerplexity", "Nudged ebf_perplexity", null, "0.00", "the nudged mixture by the reference code's ebf_perplexity"),
            new("nudgedFraction", "Nudged tokens", null, "0.000", "share of sampled tokens the aligned model wrote when nudging"),
            new("baseMeanOutputLength", "Base output length", null, "0.0", "tokens per output, the end token included"),
            new("alignedMeanOutputLength", "Aligned output length", null, "0.0", "tokens per output, the end token included"),
            new("pretrainingLoss", "Pretraining loss", false, "0.0000", "at the last pretraining step"),
            new("fineTuningLoss", "Fine-tuning loss", false, "0.0000", "at the last fine-tuning step"),
        ],
        [
            new CurveDefinition("output position", "branching factor", "BF of each model and source over output position, windows where enough samples are alive"),
            new CurveDefinition("output position", "nudges", "where the aligned model wrote tokens when nudging: counts and share of tokens"),
        ],
        Run,
        changes:
        [
            new ResultChange("baseEbfPerplexity",
                "The paper-compatible estimators now compute BF exactly as the authors' code does (the entropy of the top 50 " +
                "log-probabilities within top-p, per-position means up to the 95th-percentile length while more than 3 samples are " +
                "alive, the NLL estimator past 50 positions) and no longer cap the sampling at top-k 50: a paper-compatible run " +
                "recorded before reports other BF values. Runs with the plain estimators are unchanged."),
        ]);

    private static ExperimentResult Run(BranchingFactorSpec spec, ExperimentContext context)
    {
        var outcome = BranchingFactorExperiment.Run(spec, context.Observer, context.Cancellation);
        var estimator = spec.PaperCompatible ? "reported" : "Monte-Carlo";
        List<Curve> curves =
        [
            .. new[] { outcome.Base, outcome.Aligned, outcome.BroadSource, outcome.PreferredSource }
                .Select(model => model.OverPosition(estimator)),
        ];
        if (outcome.Nudging is { } nudging)
        {
            // Where nudges happen: the histogram itself, and as a rate (later positions have fewer samples alive).
            curves.Add(new Curve("nudges", "output position", "nudges (count)",
                [.. nudging.NudgesByPosition.Select((nudges, position) => new CurvePoint(position, nudges))]));
            curves.Add(new Curve("nudged tokens", "output position", "share of tokens nudged",
                [.. nudging.NudgesByPosition.Select((nudges, position) =>
                    new CurvePoint(position, nudging.TokensByPosition[position] == 0 ? 0 : (double)nudges / nudging.TokensByPosition[position]))]));
        }
        return new ExperimentResult(outcome.Metrics, curves, [], outcome);
    }
}
