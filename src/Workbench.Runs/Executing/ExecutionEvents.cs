using Workbench.Engine;
using Workbench.Engine.Creativity;

namespace Workbench.Runs.Executing;

/// <summary>
/// A worker began an attempt. Attempt 2 and later mean an earlier worker died mid-run and
/// Hangfire handed the job out again; the new attempt restarts from scratch.
/// </summary>
public sealed record RunStarted(int Attempt, string WorkerHost, string JobId, TorchEnvironment Environment, string CodeVersion);

public sealed record DatasetGenerated(int Attempt, DatasetSummary Dataset);

public sealed record LossPoint(int Step, double Loss);

/// <summary>A batch of training steps of one attempt, recorded every few steps rather than every step.</summary>
public sealed record TrainingProgressed(int Attempt, int TotalSteps, IReadOnlyList<LossPoint> Points);

/// <param name="Metrics">named final metrics, e.g. "creativity", "memorization"</param>
/// <param name="Examples">a few generations with their labels, for people to read</param>
public sealed record EvaluationCompleted(int Attempt, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<LabelledSample> Examples);

public sealed record RunSucceeded(int Attempt);

public sealed record RunFailed(int Attempt, string Error);
