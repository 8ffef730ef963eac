namespace Workbench.Runs.Reconciling;

/// <summary>
/// The reconciler handed the run to the queue again, because its stream and the queue disagreed:
/// a submit interrupted before the job was created or released, a job missing or ended while the run
/// was not, or a worker that stopped mid-run. <paramref name="JobId"/> is the job that now carries it
/// (a new one, or the same when the queue hands it out again by itself).
/// </summary>
public sealed record RunRequeued(string JobId, string Queue, string Reason);
