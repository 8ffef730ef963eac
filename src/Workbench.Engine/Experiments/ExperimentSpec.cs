using System.Text.Json.Serialization;

namespace Workbench.Engine;

/// <summary>
/// What a researcher asks for: one experiment kind with every parameter resolved. Serialised with a "kind"
/// discriminator (in events, over the API and in spec files); the discriminators come from
/// <see cref="ExperimentKinds"/>, so a new kind is known to JSON by its registration alone.
/// <para>Each parameter is a public init property with a <see cref="ExperimentParameterAttribute"/> saying its group, its
/// one-line description and its range; <see cref="Validate"/> checks those ranges, then the kind's own rules.</para>
/// </summary>
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

    /// <summary>
    /// Where the run may compute, for every kind alike: the run goes to the queue of that device, and only workers that
    /// compute there take it. A field of the spec (not of a kind) so that the form, the API, sweeps, filters and replays
    /// all carry it without a line per kind, and the recorded spec says where the run was allowed to go.
    /// </summary>
    [ExperimentParameter(ParameterGroup.Resources,
        "Where the run computes: any worker, only a CPU worker (e.g. to replay a CPU run bit for bit) or only a CUDA worker")]
    public DeviceRequirement Device { get; init; } = DeviceRequirement.Any;

    /// <summary>Every problem with the parameters, each naming its field (camelCase, as in JSON).</summary>
    public IReadOnlyList<SpecError> Validate()
    {
        var errors = new SpecChecks();
        SpecParameters.CheckRanges(this, errors);
        CheckRules(errors);
        return errors.Errors;
    }

    /// <summary>Rules beyond each parameter's own range (sizes that must fit together, text that must parse).</summary>
    protected virtual void CheckRules(SpecChecks errors) { }

    /// <exception cref="ArgumentException">the spec is invalid: every error, each naming its field</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid spec: " + string.Join("; ", errors.Select(error => $"{error.Field} {error.Message}")));
    }
}

public sealed record SpecError(string Field, string Message);

/// <summary>Collects a spec's errors, each naming its field.</summary>
public sealed class SpecChecks
{
    public List<SpecError> Errors { get; } = [];

    public bool HasErrors => Errors.Count > 0;

    public void Check(bool valid, string field, string message)
    {
        if (!valid) Errors.Add(new SpecError(field, message));
    }

    /// <summary>True when <paramref name="field"/> already has an error (a range check failed): later rules skip it.</summary>
    public bool Failed(string field) => Errors.Any(error => error.Field == field);
}
