using System.Globalization;

namespace Workbench.Cli.Api;

/// <summary>One line that says how far a run has got, e.g. <c>running  [######··········]  40%  step 8/20  loss 2.1043</c>.</summary>
public static class ProgressLine
{
    private const int BarWidth = 30;

    public static string Of(RunState run) => run.TotalSteps == 0 ? run.Status : $"{run.Status,-9}  {Bar(run)}";

    /// <summary>Training's progress without the status, e.g. <c>[######··········]  40%  step 8/20  loss 2.1043</c>; only once training has begun.</summary>
    public static string Bar(RunState run)
    {
        var fraction = Math.Clamp((double)run.Step / run.TotalSteps, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        var bar = $"[{new string('#', filled)}{new string('·', BarWidth - filled)}] {(int)(fraction * 100),3}%  step {run.Step}/{run.TotalSteps}";
        return run.Loss.Count == 0 ? bar : bar + "  loss " + run.Loss[^1].Loss.ToString("F4", CultureInfo.InvariantCulture);
    }

    /// <summary>Changes only when the status does or another tenth of training is done: what a log (not a terminal) is given.</summary>
    public static string Milestone(RunState run) =>
        $"{run.Status} {(run.TotalSteps == 0 ? 0 : 10 * run.Step / run.TotalSteps)}";
}
