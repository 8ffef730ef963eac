using Marten;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Pretrained;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

/// <summary>
/// Loads what a kind needs besides its spec (<see cref="ExperimentKind.InputsOf"/>) from this workbench's store,
/// artifacts and models folder, and says at submit time whether it is there. One case per input type.
/// </summary>
public sealed class ExperimentInputs(IDocumentStore store, ArtifactStore artifacts, ModelLibrary models)
{
    /// <param name="replayed">the models the run being replayed loaded, by role (empty unless this run replays another):
    /// a model must still have their files</param>
    /// <exception cref="InputUnavailableException">the input is missing or does not qualify; the message says why</exception>
    public object Load(ExperimentInput input, IReadOnlyDictionary<string, LoadedModelSummary> replayed, CancellationToken cancellationToken) => input switch
    {
        TrainedCheckpointInput checkpoint => TrainedCheckpoints.Load(checkpoint, store, artifacts, cancellationToken),
        PretrainedModelInput model => PretrainedModels.Load(model, models, replayed.GetValueOrDefault(model.Field)),
        _ => throw new InputUnavailableException(input, $"this workbench cannot load a {input.GetType().Name}"),
    };

    /// <summary>Why the input can never be loaded (e.g. no such run), or null: for refusing a spec at submit time.</summary>
    public async Task<SpecError?> Problem(ExperimentInput input, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var problem = input switch
        {
            TrainedCheckpointInput checkpoint => await TrainedCheckpoints.Problem(checkpoint, session, cancellationToken),
            PretrainedModelInput model => models.Problem(model),
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
