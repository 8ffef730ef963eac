namespace Workbench.Engine.BranchingFactor;

/// <summary>One model sampled at one decoding setting, over all prompts.</summary>
/// <param name="Model">"base" or "aligned"</param>
/// <param name="Accuracy">share of outputs that keep to the preferred subset</param>
/// <param name="Validity">share of outputs that are sentences of the broad language</param>
/// <param name="BranchingFactor">Monte-Carlo BF at this setting (entropy of the truncated, tempered distribution)</param>
/// <param name="EbfPerplexity">the reference code's ebf_perplexity at this setting (<see cref="PromptBranchingFactor.EbfPerplexity"/>)</param>
/// <param name="AccuracyStdOverPrompts">how much accuracy varies from prompt to prompt at this setting</param>
public sealed record DecodingQuality(string Model, DecodingSettings Settings, double Accuracy, double Validity, double BranchingFactor, double EbfPerplexity,
    double AccuracyStdOverPrompts);

/// <summary>
/// The result of a decoding-sensitivity run. <see cref="Metrics"/> holds per model ("base", "aligned"): accuracy and
/// validity averaged over every setting ("alignedAccuracyMean") and their standard deviations over the temperatures
/// and over the top-p thresholds ("baseValidityStdOverTemperature", "alignedAccuracyStdOverTopP"), and BF averaged
/// over the settings ("baseBfMean", and by the reference code's ebf_perplexity "baseEbfPerplexityMean").
/// </summary>
public sealed record DecodingSensitivityOutcome(IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<DecodingQuality> Settings);
