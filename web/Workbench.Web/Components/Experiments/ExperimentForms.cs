using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;

namespace Workbench.Web.Components.Experiments;

/// <summary>A kind of experiment people can start from the UI; <see cref="SpecForm"/> edits any of them.</summary>
public sealed record ExperimentForm(string Kind, string Title, Type SpecType);

public static class ExperimentForms
{
    /// <summary>A new experiment kind slots in with one more entry here.</summary>
    public static IReadOnlyList<ExperimentForm> All { get; } =
    [
        new(CreativitySpec.Kind, "Creativity (algorithmic creativity tasks)", typeof(CreativitySpec)),
        new(BranchingFactorSpec.Kind, new BranchingFactorSpec().Title, typeof(BranchingFactorSpec)),
        new(ResamplingSpec.Kind, new ResamplingSpec().Title, typeof(ResamplingSpec)),
        new(DecodingSensitivitySpec.Kind, new DecodingSensitivitySpec().Title, typeof(DecodingSensitivitySpec)),
        new(FactorAnalysisSpec.Kind, new FactorAnalysisSpec().Title, typeof(FactorAnalysisSpec)),
        new(CheckpointBranchingFactorSpec.Kind, new CheckpointBranchingFactorSpec().Title, typeof(CheckpointBranchingFactorSpec)),
    ];
}
