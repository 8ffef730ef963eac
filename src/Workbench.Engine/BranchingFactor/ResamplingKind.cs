namespace Workbench.Engine.BranchingFactor;

/// <summary>Resampling aligned outputs (<see cref="ResamplingExperiment"/>) as a registered kind.</summary>
public static class ResamplingKind
{
    public static ExperimentKind Registration { get; } = ExperimentKind.Create<ResamplingSpec>(
        "bfResampling",
        "Branching factor: resampling aligned outputs",
        "Trains the base and aligned pair, cuts the aligned model's outputs after a share of their length and lets each " +
        "model continue them; reports how often the result keeps to the preferred subset, and the continuations' BF, per cut.",
        [
            new("alignedAccuracy", "Aligned accuracy", true, "0.000", "outputs from the prompt that keep to the preferred subset, aligned model", Headline: true),
            new("baseAccuracy", "Base accuracy", true, "0.000", "outputs from the prompt that keep to the preferred subset, base model"),
            new("accuracyBefore", "Accuracy before cutting", true, "0.000", "the aligned outputs that were cut, as they were"),
            new("alignedBf", "Aligned BF", null, "0.00", "the aligned model's BF from the prompts"),
            new("baseBf", "Base BF", null, "0.00", "the base model's BF from the prompts"),
            new("alignedEbfPerplexity", "Aligned ebf_perplexity", null, "0.00", "the aligned model's BF from the prompts by the reference code's ebf_perplexity"),
            new("baseEbfPerplexity", "Base ebf_perplexity", null, "0.00", "the base model's BF from the prompts by the reference code's ebf_perplexity"),
            new("pretrainingLoss", "Pretraining loss", false, "0.0000", "at the last pretraining step"),
            new("fineTuningLoss", "Fine-tuning loss", false, "0.0000", "at the last fine-tuning step"),
        ],
        [
            new CurveDefinition("share of the aligned output kept", "accuracy", "per model writing the continuations: 0 is the model from the prompt, 1 the uncut outputs"),
            new CurveDefinition("share of the aligned output kept", "branching factor", "the continuations' BF per cut"),
        ],
        Run,
        exampleLabels:
        [
            new("correct", "the prompt's output, kept tokens then continuation, keeps to the preferred subset", LabelTone.Good),
            new("incorrect", "leaves the preferred subset", LabelTone.Bad),
            new("fine-tuned", "one of the sequences the aligned model was fine-tuned on", LabelTone.Warning),
            new("unchanged", "the continuation repeats what the aligned model had written", LabelTone.Neutral),
        ]);

    private static ExperimentResult Run(ResamplingSpec spec, ExperimentContext context)
    {
        var outcome = ResamplingExperiment.Run(spec, context.Observer, context.Cancellation);
        List<Curve> curves = [];
        foreach (var (resampler, own) in new[] { ("aligned", outcome.Aligned), ("base", outcome.Base) })
        {
            var cuts = outcome.Cuts.Where(cut => cut.Resampler == resampler).OrderBy(cut => cut.Share).ToList();
            var ownAccuracy = resampler == "aligned" ? outcome.AlignedAccuracy : outcome.BaseAccuracy;
            curves.Add(new Curve($"accuracy, continued by {resampler}", "share of the aligned output kept", "accuracy (keeps to the preferred subset)",
                [new CurvePoint(0, ownAccuracy), .. cuts.Select(cut => new CurvePoint(cut.Share, cut.Accuracy)), new CurvePoint(1, outcome.AccuracyBefore)]));
            curves.Add(new Curve($"continuation BF, {resampler}", "share of the aligned output kept", "branching factor",
                [new CurvePoint(0, own.Reported), .. cuts.Select(cut => new CurvePoint(cut.Share, cut.BranchingFactor))]));
        }
        var examples = outcome.Examples.Select(example => new LabelledExample(
            $"[{example.Resampler} at {ResamplingExperiment.Percent(example.Share)} %] {example.Prompt} | {example.Kept} ‖ {example.Continuation}   (was ‖ {example.Original})",
            [
                example.Correct ? "correct" : "incorrect",
                .. example.FineTuned ? ["fine-tuned"] : Array.Empty<string>(),
                .. example.Continuation == example.Original ? ["unchanged"] : Array.Empty<string>(),
            ])).ToList();
        return new ExperimentResult(outcome.Metrics, curves, examples, outcome);
    }
}
