using Workbench.Engine;
using Workbench.Engine.Creativity;

namespace Workbench.Runs.Executing;

/// <summary>
/// A worker began an attempt. Attempt 2 and later mean an earlier worker died mid-run and
/// Hangfire handed the job out again; the new attempt restarts from scratch.
/// </summary>
/// <param name="Environment">device, torch threads, TorchSharp and libtorch versions</param>
/// <param name="Code">the commit the worker was built from</param>
/// <param name="Seeds">the seed of every source of randomness, by purpose (<see cref="ExperimentSpec.Seeds"/>)</param>
public sealed record RunStarted(
    int Attempt, string WorkerHost, string JobId, TorchEnvironment Environment, CodeVersion Code, IReadOnlyDictionary<string, long> Seeds);

public sealed record DatasetGenerated(int Attempt, DatasetSummary Dataset);

public sealed record LossPoint(int Step, double Loss);

/// <summary>A batch of training steps of one attempt, recorded every few steps rather than every step.</summary>
/// <summary>The trained weights, stored in the artifact store under <paramref name="Artifact"/> (their SHA-256).</summary>
public sealed record CheckpointSaved(int Attempt, int Step, string Artifact, long Bytes);

public sealed record TrainingProgressed(int Attempt, int TotalSteps, IReadOnlyList<LossPoint> Points);

/// <param name="Metrics">named final metrics, e.g. "creativity", "memorization"</param>
/// <param name="Examples">a few generations with their labels, for people to read</param>
/// <param name="Samples">the artifact holding every generation with its labels (JSON), by SHA-256</param>
public sealed record EvaluationCompleted(
    int Attempt, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<LabelledSample> Examples, string? Samples = null);

public sealed record RunSucceeded(int Attempt);

public sealed record RunFailed(int Attempt, string Error);
