using Marten;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

/// <summary>
/// Loads what a kind needs besides its spec (<see cref="ExperimentKind.InputsOf"/>) from this workbench's store and
/// artifacts, and says at submit time whether it is there. One case per input type.
/// </summary>
public sealed class ExperimentInputs(IDocumentStore store, ArtifactStore artifacts)
{
    /// <exception cref="InputUnavailableException">the input is missing or does not qualify; the message says why</exception>
    public object Load(ExperimentInput input, CancellationToken cancellationToken) => input switch
    {
        TrainedCheckpointInput checkpoint => TrainedCheckpoints.Load(checkpoint, store, artifacts, cancellationToken),
        _ => throw new InputUnavailableException(input, $"this workbench cannot load a {input.GetType().Name}"),
    };

    /// <summary>Why the input can never be loaded (e.g. no such run), or null: for refusing a spec at submit time.</summary>
    public async Task<SpecError?> Problem(ExperimentInput input, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var problem = input switch
        {
            TrainedCheckpointInput checkpoint => await TrainedCheckpoints.Problem(checkpoint, session, cancellationToken),
            _ => $"this workbench cannot load a {input.GetType().Name}",
        };
        return problem is null ? null : new SpecError(input.Field, problem);
    }

    /// <summary>Every problem with the inputs the spec's kind needs.</summary>
    public async Task<IReadOnlyList<SpecError>> Problems(ExperimentSpec spec, CancellationToken cancellationToken)
    {
        var errors = new List<SpecError>();
        foreach (var input in ExperimentKinds.Of(spec).InputsOf(spec))
            if (await Problem(input, cancellationToken) is { } error) errors.Add(error);
        return errors;
    }
}
