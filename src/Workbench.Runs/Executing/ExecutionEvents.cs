using Workbench.Engine;
using Workbench.Engine.Pretrained;

namespace Workbench.Runs.Executing;

/// <summary>
/// A worker began an attempt. Attempt 2 and later mean an earlier worker died mid-run and
/// Hangfire handed the job out again; the new attempt restarts from scratch.
/// </summary>
/// <param name="Environment">device, torch threads, TorchSharp and libtorch versions</param>
/// <param name="Code">the commit the worker was built from</param>
/// <param name="Seeds">the seed of every source of randomness, by purpose (<see cref="ExperimentSpec.Seeds"/>)</param>
/// <param name="Server">the Hangfire server (worker process: host, process id and a unique suffix) running this attempt,
/// whose heartbeat tells the reconciler whether the attempt is still alive; null in streams recorded before it was kept</param>
public sealed record RunStarted(
    int Attempt, string WorkerHost, string JobId, TorchEnvironment Environment, CodeVersion Code, IReadOnlyDictionary<string, long> Seeds,
    string? Server = null);

public sealed record DatasetGenerated(int Attempt, DatasetSummary Dataset);

/// <summary>The attempt loaded a pretrained model: which (name, content hash of every file), its architecture and size, on what device in what dtype.</summary>
public sealed record ModelLoaded(int Attempt, LoadedModelSummary Model);

public sealed record LossPoint(int Step, double Loss);

/// <summary>A model's trained weights, stored in the artifact store under <paramref name="Artifact"/> (their SHA-256).</summary>
/// <param name="Model">which model of the run, e.g. "model", or "base" and "aligned"</param>
public sealed record CheckpointSaved(int Attempt, string Model, int Step, string Artifact, long Bytes);

/// <summary>The model was scored part-way through training (e.g. creativity's <c>evaluationEvery</c>), the final step included.</summary>
public sealed record ModelEvaluated(int Attempt, int Step, IReadOnlyDictionary<string, double> Metrics);

/// <summary>A batch of training steps of one attempt, recorded every few steps rather than every step.</summary>
public sealed record TrainingProgressed(int Attempt, int TotalSteps, IReadOnlyList<LossPoint> Points);

/// <summary>The experiment's result (<see cref="ExperimentResult"/>), as every kind reports it.</summary>
/// <param name="Metrics">named final metrics, e.g. "creativity", "memorization"</param>
/// <param name="Examples">the first few generations with their labels, for people to read</param>
/// <param name="Details">the artifact (JSON, by SHA-256) with the kind's whole result, e.g. every generation with its labels, every curve</param>
/// <param name="Curves">small series to plot, e.g. BF over output position per model</param>
/// <param name="AllExamples">the artifact (a JSON list of <see cref="LabelledExample"/>) of every generation, when there are more than <paramref name="Examples"/> shows</param>
public sealed record EvaluationCompleted(
    int Attempt, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<LabelledExample> Examples, string? Details = null,
    IReadOnlyList<Curve>? Curves = null, string? AllExamples = null);

public sealed record RunSucceeded(int Attempt);

public sealed record RunFailed(int Attempt, string Error);
