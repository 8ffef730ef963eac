using Workbench.Engine;

namespace Workbench.Runs.Submitting;

/// <summary>A researcher asked for a run; the spec has every default filled in.</summary>
/// <param name="ReplayOf">the run this one re-executes with the same spec, to verify it</param>
/// <param name="ClonedFrom">the run whose spec this one started from, then edited</param>
/// <param name="Group">the group (a sweep or a recipe) this run was submitted as part of</param>
public sealed record RunSubmitted(
    Guid RunId, ExperimentSpec Spec, string SubmittedBy, Guid? ReplayOf = null, Guid? ClonedFrom = null, Guid? Group = null);

/// <summary>The run was handed to the job queue.</summary>
public sealed record RunQueued(string JobId, string Queue);
