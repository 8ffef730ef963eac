using Workbench.Engine;

namespace Workbench.Runs.Submitting;

/// <summary>A researcher asked for a run; the spec has every default filled in.</summary>
public sealed record RunSubmitted(Guid RunId, ExperimentSpec Spec, string SubmittedBy);

/// <summary>The run was handed to the job queue.</summary>
public sealed record RunQueued(string JobId, string Queue);
