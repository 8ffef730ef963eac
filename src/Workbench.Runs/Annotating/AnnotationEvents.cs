namespace Workbench.Runs.Annotating;

/// <summary>Someone labelled the run, e.g. "baseline" or "paper-fig3", to find it again.</summary>
public sealed record RunTagged(string Tag, string By);

public sealed record RunUntagged(string Tag, string By);

/// <summary>A free-text remark on the run, e.g. what was learnt from it.</summary>
public sealed record RunNoteAdded(string Text, string By);

/// <summary>A note as the run shows it.</summary>
public sealed record RunNote(string Text, string By, DateTimeOffset At);
