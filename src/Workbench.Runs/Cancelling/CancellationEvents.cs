namespace Workbench.Runs.Cancelling;

/// <summary>Someone asked to stop a running run; the worker answers with <see cref="RunCancelled"/>.</summary>
public sealed record RunCancellationRequested(string RequestedBy);

public sealed record RunCancelled(string CancelledBy);
