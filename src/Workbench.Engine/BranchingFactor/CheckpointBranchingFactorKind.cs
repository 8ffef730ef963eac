namespace Workbench.Engine.BranchingFactor;

/// <summary>BF of another run's checkpoint (<see cref="CheckpointBranchingFactorExperiment"/>) as a registered kind.</summary>
public static class CheckpointBranchingFactorKind
{
    public static ExperimentKind Registration { get; } = ExperimentKind.Create<CheckpointBranchingFactorSpec>(
        "bfCheckpoint",
        "Branching factor of a trained checkpoint",
        "Measures a checkpoint another branching-factor run trained, on that run's language and prompts, with decoding " +
        "settings of one's own. Nothing is trained; the workbench looks the run and its checkpoint up.",
        [
            new("bf", "BF", null, "0.00", "the checkpoint's branching factor", Headline: true),
            new("bfMonteCarlo", "BF (Monte-Carlo)", null, "0.00", "exp of the mean per-token entropy along each sample"),
            new("bfAep", "BF (AEP)", null, "0.00", "exp of the mean per-token surprisal of the samples"),
            new("ebfPerplexity", "BF (ebf_perplexity)", null, "0.00", "the reference code's figure quantity: the mean over samples of exp(mean token entropy)"),
            new("meanOutputLength", "Output length", null, "0.0", "tokens per output, the end token included"),
            new("broadSourceBf", "Broad language's BF", null, "0.00", "the source run's broad language, measured the same way"),
            new("preferredSourceBf", "Preferred subset's BF", null, "0.00", "the source run's preferred subset, measured the same way"),
            new("broadSourceEbfPerplexity", "Broad language's ebf_perplexity", null, "0.00", "the source run's broad language, by the reference code's ebf_perplexity"),
            new("preferredSourceEbfPerplexity", "Preferred subset's ebf_perplexity", null, "0.00", "the source run's preferred subset, by the reference code's ebf_perplexity"),
        ],
        [new CurveDefinition("output position", "branching factor", "the checkpoint and both sources over output position")],
        Run,
        inputs: spec => [spec.Source]);

    private static ExperimentResult Run(CheckpointBranchingFactorSpec spec, ExperimentContext context)
    {
        var source = context.Load<TrainedCheckpoint>(spec.Source);
        var outcome = CheckpointBranchingFactorExperiment.Run(spec, source.Spec, source.Weights, context.Observer, context.Cancellation);
        List<Curve> curves = [.. new[] { outcome.Checkpoint, outcome.BroadSource, outcome.PreferredSource }.Select(model => model.OverPosition("Monte-Carlo"))];
        return new ExperimentResult(outcome.Metrics, curves, [], outcome);
    }
}
