namespace Workbench.Engine;

/// <summary>
/// Something an experiment needs from its host besides its spec, e.g. the weights another run trained. The kind
/// says which (<see cref="ExperimentKind.InputsOf"/>); the host loads it (the worker from the store and artifacts).
/// </summary>
/// <param name="Field">the spec parameter it comes from, for messages ("sourceRun")</param>
public abstract record ExperimentInput(string Field)
{
    /// <summary>
    /// The pretrained model of the models folder this input is, by name, or null: what the queue needs to know of a run's
    /// models to say which workers can hold them (their memory, their models folders).
    /// </summary>
    public virtual string? PretrainedModelName => null;
}

/// <summary>The host has no way to load an input (e.g. <c>run-local</c> has no store to read another run from).</summary>
public sealed class InputUnavailableException(ExperimentInput input, string reason)
    : InvalidOperationException($"{input.Field}: {reason}")
{
    public ExperimentInput Input { get; } = input;
}

/// <summary>Where an experiment reports to, what stops it, and how it reaches its inputs.</summary>
public sealed class ExperimentContext(IExperimentObserver observer, CancellationToken cancellation, Func<ExperimentInput, object>? load = null)
{
    public IExperimentObserver Observer { get; } = observer;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <exception cref="InputUnavailableException">this host cannot provide the input, or it does not exist</exception>
    public T Load<T>(ExperimentInput input) where T : class =>
        load is null ? throw new InputUnavailableException(input, "this host cannot load it (it needs a workbench's store)")
            : load(input) as T ?? throw new InputUnavailableException(input, $"the host gave no {typeof(T).Name}");
}
