namespace Workbench.Engine.Creativity;

/// <summary>
/// Exact scores of a set T of generated answers against the training set S
/// (see algorithmic-creativity.md, "Scoring").
/// </summary>
/// <param name="CreativityScore">|unique({s in T : coherent(s) and not memorized(s)})| / |T|</param>
/// <param name="MemorizationRate">fraction of T equivalent to a training answer</param>
/// <param name="CoherenceRate">fraction of T valid under the task's rules</param>
/// <param name="UniquenessRate">equivalence classes in T / |T|</param>
public sealed record CreativityMetrics(int Generated, double CreativityScore, double MemorizationRate, double CoherenceRate, double UniquenessRate);

/// <param name="Text">the answer as the model wrote it, tokens joined by spaces</param>
/// <param name="Duplicate">an equivalent answer appears earlier in the sample set</param>
public sealed record LabelledSample(string Text, bool Coherent, bool Memorized, bool Duplicate);

/// <param name="Seeds">the random streams the run used, all derived from the spec's seed</param>
public sealed record CreativityOutcome(CreativityMetrics Metrics, IReadOnlyList<LabelledSample> Samples, double FinalLoss, SeedPlan Seeds);
