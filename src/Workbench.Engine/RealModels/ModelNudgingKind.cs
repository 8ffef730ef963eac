using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Pretrained;

namespace Workbench.Engine.RealModels;

/// <summary>
/// Nudging between a base and an aligned pretrained model, as a registered kind: BF of what the mixture writes, the share
/// of tokens the aligned model wrote, and where (the nudge-position histogram); each model alone beside it when asked.
/// </summary>
public static class ModelNudgingKind
{
    public static ExperimentKind Registration { get; } = ExperimentKind.Create<ModelNudgingSpec>(
        "modelNudging",
        "Pretrained models: nudging",
        "The base model decodes; where the top token of its decoding distribution has less than the threshold's probability, " +
        "the aligned model writes that token. Measures the branching factor of what the mixture writes, the share of tokens " +
        "the aligned model wrote and at which output positions, and (when asked) each model alone on the same prompts.",
        [
            .. PretrainedBranchingFactorKind.MeasuredMetrics("nudged", "Nudged", headline: true),
            new("nudgedFraction", "Nudged tokens", null, "0.000", "share of the written tokens the aligned model wrote"),
            new("meanNudgePosition", "Mean nudge position", null, "0.0", "the average output position of a nudge (0 is the first output token)"),
            .. PretrainedBranchingFactorKind.MeasuredMetrics("base", "Base"),
            .. PretrainedBranchingFactorKind.MeasuredMetrics("aligned", "Aligned"),
        ],
        [
            new CurveDefinition("output position", "branching factor", "BF of the nudged mixture (and each model alone) over output position"),
            new CurveDefinition("output position", "nudges", "where the aligned model wrote tokens: counts and share of the tokens written there"),
        ],
        Run,
        inputs: spec => spec.Models,
        exampleLabels: PretrainedBranchingFactorKind.Labels);

    private static ExperimentResult Run(ModelNudgingSpec spec, ExperimentContext context)
    {
        spec.ThrowIfInvalid();
        var (baseModel, aligned) = ModelInputs.LoadPair(context, spec.Models, sameHead: true);
        using var baseOwned = baseModel;
        using var alignedOwned = aligned;
        var texts = PromptSets.For(spec, baseModel.Tokenizer);
        var prompts = PromptSampling.Encode(aligned, "alignedModel", texts, spec.Chat, spec.MaxOutputTokens);

        var counts = new NudgeCounts();
        var baseTokens = new TransformerNextTokenModel(baseModel.Model, EndToken(baseModel));
        var alignedTokens = new TransformerNextTokenModel(aligned.Model, EndToken(aligned));
        DecoderFactory nudged = (rows, maxNewTokens) =>
            new NudgedModel(baseTokens, alignedTokens, spec.NudgeThreshold, spec.Decoding, rows[0].Length, counts).StartDecoding(rows, maxNewTokens);
        var mixture = PromptSampling.Measure("nudged", nudged, baseModel, [baseModel, aligned], texts, prompts, spec, context.Cancellation);

        var metrics = new Dictionary<string, double>(PretrainedBranchingFactorKind.Metrics("nudged", mixture))
        {
            ["nudgedFraction"] = counts.NudgedFraction,
        };
        var nudges = counts.NudgesByPosition;
        if (nudges.Sum() > 0) metrics["meanNudgePosition"] = nudges.Select((count, position) => (double)count * position).Sum() / nudges.Sum();
        List<Curve> curves =
        [
            .. PretrainedBranchingFactorKind.Curves(mixture),
            new("nudges", "output position", "nudges (count)", [.. nudges.Select((count, position) => new CurvePoint(position, count))]),
            new("nudged tokens", "output position", "share of tokens nudged", [.. nudges.Select((count, position) =>
                new CurvePoint(position, counts.TokensByPosition[position] == 0 ? 0 : (double)count / counts.TokensByPosition[position]))]),
        ];
        List<LabelledExample> examples = [.. PretrainedBranchingFactorKind.Examples(mixture)];
        MeasuredModel? baseAlone = null, alignedAlone = null;
        if (spec.MeasureModelsAlone)
        {
            baseAlone = PromptSampling.Measure("base", PromptSampling.Alone(baseModel), baseModel, [baseModel, aligned], texts, prompts, spec, context.Cancellation);
            alignedAlone = PromptSampling.Measure("aligned", PromptSampling.Alone(aligned), aligned, [baseModel, aligned], texts, prompts, spec, context.Cancellation);
            foreach (var (name, value) in PretrainedBranchingFactorKind.Metrics("base", baseAlone).Concat(PretrainedBranchingFactorKind.Metrics("aligned", alignedAlone)))
                metrics[name] = value;
            curves.Add(baseAlone.BranchingFactor.OverPosition("Monte-Carlo"));
            curves.Add(alignedAlone.BranchingFactor.OverPosition("Monte-Carlo"));
        }
        return new ExperimentResult(metrics, curves, examples,
            new ModelNudgingOutcome(spec.NudgeThreshold, mixture, counts.NudgedFraction, counts.NudgesByPosition, counts.TokensByPosition, baseAlone, alignedAlone));
    }

    /// <summary>The end token the estimators' model view names; this kind decodes with every end token of both models instead.</summary>
    private static int EndToken(LoadedModel model) => model.EndTokens.Count > 0 ? model.EndTokens[0] : -1;
}

/// <summary>The whole result of a nudging run on pretrained models.</summary>
/// <param name="NudgesByPosition">the nudge-position histogram: nudges at each output position (0 is the first output token)</param>
/// <param name="TokensByPosition">tokens written at each output position, to turn the histogram into rates</param>
/// <param name="Base">the base model alone on the same prompt tokens, when measured</param>
public sealed record ModelNudgingOutcome(double Threshold, MeasuredModel Nudged, double NudgedFraction, IReadOnlyList<int> NudgesByPosition,
    IReadOnlyList<int> TokensByPosition, MeasuredModel? Base, MeasuredModel? Aligned);
