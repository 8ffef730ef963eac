namespace Workbench.Engine.BranchingFactor;

/// <summary>Sensitivity to decoding settings (<see cref="DecodingSensitivityExperiment"/>) as a registered kind.</summary>
public static class DecodingSensitivityKind
{
    public static ExperimentKind Registration { get; } = ExperimentKind.Create<DecodingSensitivitySpec>(
        "bfDecodingSensitivity",
        "Branching factor: sensitivity to decoding settings",
        "Trains the base and aligned pair and samples both at each temperature and each top-p; reports accuracy, validity " +
        "and BF at every setting, and how much each varies over the settings.",
        [
            new("alignedValidityStdOverTemperature", "Aligned validity spread over temperature", false, "0.000", "standard deviation of validity over the temperatures", Headline: true),
            new("baseValidityStdOverTemperature", "Base validity spread over temperature", false, "0.000", "standard deviation of validity over the temperatures"),
            new("alignedAccuracyMean", "Aligned accuracy (mean)", true, "0.000", "keeps to the preferred subset, averaged over every setting"),
            new("baseAccuracyMean", "Base accuracy (mean)", true, "0.000", "keeps to the preferred subset, averaged over every setting"),
            new("alignedValidityMean", "Aligned validity (mean)", true, "0.000", "a sentence of the broad language, averaged over every setting"),
            new("baseValidityMean", "Base validity (mean)", true, "0.000", "a sentence of the broad language, averaged over every setting"),
            new("alignedBfMean", "Aligned BF (mean)", null, "0.00", "averaged over the settings"),
            new("baseBfMean", "Base BF (mean)", null, "0.00", "averaged over the settings"),
            new("alignedEbfPerplexityMean", "Aligned ebf_perplexity (mean)", null, "0.00", "the reference code's ebf_perplexity, averaged over the settings"),
            new("baseEbfPerplexityMean", "Base ebf_perplexity (mean)", null, "0.00", "the reference code's ebf_perplexity, averaged over the settings"),
            new("pretrainingLoss", "Pretraining loss", false, "0.0000", "at the last pretraining step"),
            new("fineTuningLoss", "Fine-tuning loss", false, "0.0000", "at the last fine-tuning step"),
        ],
        [
            new CurveDefinition("temperature (top-p 1)", "accuracy, validity or branching factor", "per model, over the temperatures"),
            new CurveDefinition("top-p (temperature 1)", "accuracy, validity or branching factor", "per model, over the top-p thresholds"),
        ],
        Run);

    private static ExperimentResult Run(DecodingSensitivitySpec spec, ExperimentContext context)
    {
        var outcome = DecodingSensitivityExperiment.Run(spec, context.Observer, context.Cancellation);
        (string Y, Func<DecodingQuality, double> Value)[] measures =
        [
            ("accuracy (keeps to the preferred subset)", quality => quality.Accuracy),
            ("validity (a sentence of the broad language)", quality => quality.Validity),
            ("branching factor", quality => quality.BranchingFactor),
        ];
        List<Curve> curves = [];
        foreach (var (y, value) in measures)
            foreach (var model in new[] { "base", "aligned" })
            {
                var measured = outcome.Settings.Where(quality => quality.Model == model).ToList();
                curves.Add(new Curve(model, "temperature (top-p 1)", y,
                    [.. measured.Where(quality => quality.Settings.TopP == 1).OrderBy(quality => quality.Settings.Temperature)
                        .Select(quality => new CurvePoint(quality.Settings.Temperature, value(quality)))]));
                curves.Add(new Curve(model, "top-p (temperature 1)", y,
                    [.. measured.Where(quality => quality.Settings.Temperature == 1).OrderBy(quality => quality.Settings.TopP)
                        .Select(quality => new CurvePoint(quality.Settings.TopP, value(quality)))]));
            }
        return new ExperimentResult(outcome.Metrics, curves, [], outcome);
    }
}
