namespace Workbench.Runs.Cancelling;

/// <summary>Someone asked to stop a running run; the worker answers with <see cref="RunCancelled"/>.</summary>
public sealed record RunCancellationRequested(string RequestedBy);

/// <param name="CancelledBy">who asked for it</param>
/// <param name="Reason">why someone other than the run's worker recorded it (the reconciler, when that worker stopped)</param>
public sealed record RunCancelled(string CancelledBy, string? Reason = null);
