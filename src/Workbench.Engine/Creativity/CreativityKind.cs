namespace Workbench.Engine.Creativity;

/// <summary>The algorithmic-creativity experiment as a registered kind (<see cref="ExperimentKinds"/>).</summary>
public static class CreativityKind
{
    public static ExperimentKind Registration { get; } = ExperimentKind.Create<CreativitySpec>(
        "creativity",
        "Creativity (algorithmic creativity tasks)",
        "Generates an open-ended graph task from a seed, trains a small transformer with next-token, teacherless or " +
        "diffusion training, samples answers and scores them exactly: creativity is the share of samples that are coherent, " +
        "new and distinct.",
        [
            new("creativity", "Creativity", true, "0.000", "unique coherent answers not in the training set, over all samples", Headline: true),
            new("memorization", "Memorization", false, "0.000", "share of samples equivalent to a training answer"),
            new("coherence", "Coherence", true, "0.000", "share of samples valid under the task's rules"),
            new("uniqueness", "Uniqueness", true, "0.000", "distinct answers (equivalence classes) over all samples"),
            new("generated", "Generated", true, "0", "answers sampled and scored"),
            new("finalLoss", "Final loss", false, "0.0000", "training loss at the last step (nats per scored token)"),
        ],
        [new CurveDefinition("training step", "score", "each metric of an evaluation during training (evaluationEvery)")],
        Run,
        exampleLabels:
        [
            new("creative", "coherent, not memorized and not a repeat: what the creativity score counts", LabelTone.Good),
            new("coherent", "valid under the task's rules", LabelTone.Good),
            new("incoherent", "not a valid answer", LabelTone.Bad),
            new("original", "coherent and not equivalent to a training answer", LabelTone.Good),
            new("memorized", "equivalent to a training answer", LabelTone.Warning),
            new("duplicate", "equivalent to an earlier sample", LabelTone.Neutral),
        ]);

    private static ExperimentResult Run(CreativitySpec spec, ExperimentContext context)
    {
        var outcome = CreativityExperiment.Run(spec, context.Observer, context.Cancellation);
        var metrics = new Dictionary<string, double>(outcome.Metrics.ByName()) { ["finalLoss"] = outcome.FinalLoss };
        return new ExperimentResult(metrics, [], [.. outcome.Samples.Select(sample => sample.AsExample())], outcome.Samples);
    }
}
