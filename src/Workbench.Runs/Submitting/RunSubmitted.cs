using Workbench.Engine;

namespace Workbench.Runs.Submitting;

/// <summary>A researcher asked for a run; the spec has every default filled in.</summary>
/// <param name="ReplayOf">the run this one re-executes with the same spec, to verify it</param>
/// <param name="ClonedFrom">the run whose spec this one started from, then edited</param>
public sealed record RunSubmitted(Guid RunId, ExperimentSpec Spec, string SubmittedBy, Guid? ReplayOf = null, Guid? ClonedFrom = null);

/// <summary>The run was handed to the job queue.</summary>
public sealed record RunQueued(string JobId, string Queue);
