namespace Workbench.Engine.BranchingFactor;

/// <summary>Aligned outputs cut after a share of their length and continued by one model.</summary>
/// <param name="Resampler">the model that wrote the continuations: "aligned" or "base"</param>
/// <param name="MeanKept">output tokens kept before the cut, averaged over the cut outputs</param>
/// <param name="Accuracy">share of the resampled outputs (kept tokens then continuation) that keep to the preferred subset</param>
/// <param name="BranchingFactor">Monte-Carlo BF of the continuations, averaged over the cut outputs</param>
/// <param name="EbfPerplexity">the continuations' ebf_perplexity (<see cref="PromptBranchingFactor.EbfPerplexity"/>), averaged over the cut outputs</param>
public sealed record ResampledCut(double Share, string Resampler, double MeanKept, double Accuracy, double BranchingFactor, double EbfPerplexity);

/// <summary>One continuation, as text, next to what the aligned model had written there.</summary>
/// <param name="Correct">the prompt's output, kept tokens then continuation, keeps to the preferred subset</param>
/// <param name="FineTuned">prompt, kept tokens and continuation together are one of the sequences the aligned model was fine-tuned on</param>
public sealed record ResampledExample(double Share, string Resampler, string Prompt, string Kept, string Original, string Continuation, bool Correct, bool FineTuned);

/// <summary>
/// The result of a resampling run. <see cref="Metrics"/> holds the headline numbers: "alignedAccuracy" and
/// "baseAccuracy" (outputs from the prompt that keep to the preferred subset), "accuracyBefore" (the aligned outputs
/// that were cut, before resampling), and per cut share (25 % → "At25") and model "accuracyAfterCutAt25Aligned",
/// "bfAfterCutAt25Base", "ebfPerplexityAfterCutAt25Base" and so on; "alignedEbfPerplexity" and "baseEbfPerplexity" from the prompts.
/// </summary>
/// <param name="Base">the base model's BF from the prompts</param>
/// <param name="Aligned">the aligned model's BF from the prompts</param>
public sealed record ResamplingOutcome(
    IReadOnlyDictionary<string, double> Metrics,
    ModelBranchingFactor Base,
    ModelBranchingFactor Aligned,
    double BaseAccuracy,
    double AlignedAccuracy,
    double AccuracyBefore,
    IReadOnlyList<ResampledCut> Cuts,
    IReadOnlyList<ResampledExample> Examples);
