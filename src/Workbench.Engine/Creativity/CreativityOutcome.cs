namespace Workbench.Engine.Creativity;

/// <summary>
/// Exact scores of a set T of generated answers against the training set S
/// (see algorithmic-creativity.md, "Scoring").
/// </summary>
/// <param name="CreativityScore">|unique({s in T : coherent(s) and not memorized(s)})| / |T|</param>
/// <param name="MemorizationRate">fraction of T equivalent to a training answer</param>
/// <param name="CoherenceRate">fraction of T valid under the task's rules</param>
/// <param name="UniquenessRate">equivalence classes in T / |T|</param>
/// <param name="Reference">the same samples scored as the authors' code scores them</param>
public sealed record CreativityMetrics(int Generated, double CreativityScore, double MemorizationRate, double CoherenceRate, double UniquenessRate,
    ReferenceMetrics Reference)
{
    /// <summary>The metrics by the names runs record them under (<see cref="CreativityKind"/>).</summary>
    public IReadOnlyDictionary<string, double> ByName() => new Dictionary<string, double>
    {
        ["creativity"] = CreativityScore,
        ["memorization"] = MemorizationRate,
        ["coherence"] = CoherenceRate,
        ["uniqueness"] = UniquenessRate,
        ["generated"] = Generated,
        ["creativityReference"] = Reference.Creativity,
        ["memorizationReference"] = Reference.Memorization,
        ["coherenceReference"] = Reference.Coherence,
        ["diversityReference"] = Reference.Diversity,
    };
}

/// <summary>
/// The authors' scores (<c>*/ntp/eval_qa.py</c>) of the same samples, with their checker (<see cref="ICreativityTask.JudgeAsReference"/>):
/// answers are told apart as strings, not equivalence classes.
/// </summary>
/// <param name="Creativity">|set(strings valid and not seen)| / |T| (their test_creativity_score)</param>
/// <param name="Memorization">fraction of T seen in training, valid or not (their test_seen_score)</param>
/// <param name="Coherence">fraction of T valid (their validity score)</param>
/// <param name="Diversity">|set(valid strings)| / |T| (their test_diversity_score)</param>
public sealed record ReferenceMetrics(double Creativity, double Memorization, double Coherence, double Diversity);

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

/// <summary>What one decoding setting of a decode-many run measured, on the same trained weights.</summary>
public sealed record SettingOutcome(CreativityDecodingSetting Setting, CreativityMetrics Metrics, IReadOnlyList<LabelledSample> Samples)
{
    public static SettingOutcome Of(CreativityDecodingSetting setting, (CreativityMetrics Metrics, IReadOnlyList<LabelledSample> Samples) evaluation) =>
        new(setting, evaluation.Metrics, evaluation.Samples);
}

/// <param name="Seeds">the random streams the run used, all derived from the spec's seed</param>
/// <param name="Settings">with a decoding sweep, every setting's outcome (the spec's own among them when the sweep has it); empty otherwise</param>
/// <param name="Checkpoints">with evaluations during training, each by step, the final one included; empty otherwise</param>
public sealed record CreativityOutcome(CreativityMetrics Metrics, IReadOnlyList<LabelledSample> Samples, double FinalLoss, SeedPlan Seeds,
    IReadOnlyList<SettingOutcome> Settings, IReadOnlyList<(int Step, CreativityMetrics Metrics)> Checkpoints);
