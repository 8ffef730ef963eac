namespace Workbench.Engine.Creativity;

/// <summary>
/// Exact scores of a set T of generated answers against the training set S
/// (see algorithmic-creativity.md, "Scoring").
/// </summary>
/// <param name="CreativityScore">|unique({s in T : coherent(s) and not memorized(s)})| / |T|</param>
/// <param name="MemorizationRate">fraction of T equivalent to a training answer</param>
/// <param name="CoherenceRate">fraction of T valid under the task's rules</param>
/// <param name="UniquenessRate">equivalence classes in T / |T|</param>
public sealed record CreativityMetrics(int Generated, double CreativityScore, double MemorizationRate, double CoherenceRate, double UniquenessRate)
{
    /// <summary>The metrics by the names runs record them under (<see cref="CreativityKind"/>).</summary>
    public IReadOnlyDictionary<string, double> ByName() => new Dictionary<string, double>
    {
        ["creativity"] = CreativityScore,
        ["memorization"] = MemorizationRate,
        ["coherence"] = CoherenceRate,
        ["uniqueness"] = UniquenessRate,
        ["generated"] = Generated,
    };
}

/// <param name="Text">the answer as the model wrote it, tokens joined by spaces</param>
/// <param name="Duplicate">an equivalent answer appears earlier in the sample set</param>
public sealed record LabelledSample(string Text, bool Coherent, bool Memorized, bool Duplicate)
{
    /// <summary>"Creative" is what the creativity score counts: coherent, original and not a repeat.</summary>
    /// <remarks>Not serialised: a run's details artifact keeps the shape (and hash) it always had.</remarks>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Creative => Coherent && !Memorized && !Duplicate;

    /// <summary>The labels a run page shows and filters by (<see cref="CreativityKind.ExampleLabels"/>).</summary>
    public LabelledExample AsExample() => new(Text, [
        Coherent ? "coherent" : "incoherent",
        .. Coherent && !Memorized ? ["original"] : Array.Empty<string>(),
        .. Memorized ? ["memorized"] : Array.Empty<string>(),
        .. Duplicate ? ["duplicate"] : Array.Empty<string>(),
        .. Creative ? ["creative"] : Array.Empty<string>(),
    ]);
}

/// <param name="Seeds">the random streams the run used, all derived from the spec's seed</param>
public sealed record CreativityOutcome(CreativityMetrics Metrics, IReadOnlyList<LabelledSample> Samples, double FinalLoss, SeedPlan Seeds);
