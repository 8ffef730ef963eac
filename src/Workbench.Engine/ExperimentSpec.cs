using System.Text.Json.Serialization;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;

namespace Workbench.Engine;

/// <summary>
/// What a researcher asks for: one experiment kind with every parameter resolved.
/// Serialised with a "kind" discriminator, in events, over the API and in CLI spec files.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CreativitySpec), CreativitySpec.Kind)]
[JsonDerivedType(typeof(BranchingFactorSpec), BranchingFactorSpec.Kind)]
[JsonDerivedType(typeof(ResamplingSpec), ResamplingSpec.Kind)]
[JsonDerivedType(typeof(DecodingSensitivitySpec), DecodingSensitivitySpec.Kind)]
[JsonDerivedType(typeof(FactorAnalysisSpec), FactorAnalysisSpec.Kind)]
[JsonDerivedType(typeof(CheckpointBranchingFactorSpec), CheckpointBranchingFactorSpec.Kind)]
public abstract record ExperimentSpec
{
    /// <summary>A short human title, e.g. "Creativity: sibling discovery, next-token training".</summary>
    [JsonIgnore]
    public abstract string Title { get; }

    /// <summary>
    /// The seed of every source of randomness, by purpose (e.g. "data", "sampling"), as the engine
    /// derives them from the spec: recorded when a run starts, so its stream says exactly what was drawn.
    /// </summary>
    [JsonIgnore]
    public abstract IReadOnlyDictionary<string, long> Seeds { get; }

    /// <summary>Every problem with the parameters, each naming its field (camelCase, as in JSON).</summary>
    public abstract IReadOnlyList<SpecError> Validate();
}

public sealed record SpecError(string Field, string Message);
