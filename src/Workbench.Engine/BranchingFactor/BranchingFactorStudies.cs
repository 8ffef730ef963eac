namespace Workbench.Engine.BranchingFactor;

/// <summary>Every branching-factor study by its spec, for hosts that only print or store the outcome (run-local).</summary>
public static class BranchingFactorStudies
{
    public static object Run(AlignedPairSpec spec, IExperimentObserver observer, CancellationToken cancellationToken) => spec switch
    {
        BranchingFactorSpec baseVersusAligned => BranchingFactorExperiment.Run(baseVersusAligned, observer, cancellationToken),
        ResamplingSpec resampling => ResamplingExperiment.Run(resampling, observer, cancellationToken),
        DecodingSensitivitySpec sensitivity => DecodingSensitivityExperiment.Run(sensitivity, observer, cancellationToken),
        FactorAnalysisSpec factors => FactorAnalysisExperiment.Run(factors, observer, cancellationToken),
        _ => throw new NotSupportedException($"No branching-factor study runs {spec.GetType().Name}"),
    };
}
