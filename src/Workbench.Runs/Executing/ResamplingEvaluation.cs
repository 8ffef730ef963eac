using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;
using Workbench.Runs.Artifacts;

namespace Workbench.Runs.Executing;

/// <summary>
/// A resampling run as an evaluation: its metrics; curves of accuracy and continuation BF over the share of the
/// aligned output kept, one per model writing the continuations (0: the model answers the prompt itself; 1: the
/// aligned outputs as they were); and a few continuations as examples.
/// </summary>
public static class ResamplingEvaluation
{
    public static EvaluationCompleted Run(ResamplingSpec spec, int attempt, IExperimentObserver observer, ArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var outcome = ResamplingExperiment.Run(spec, observer, cancellationToken);
        var details = artifacts.Put(JsonSerializer.SerializeToUtf8Bytes(outcome, ExperimentJson.Options));
        List<Curve> curves = [];
        foreach (var (resampler, own) in new[] { ("aligned", outcome.Aligned), ("base", outcome.Base) })
        {
            var cuts = outcome.Cuts.Where(cut => cut.Resampler == resampler).OrderBy(cut => cut.Share).ToList();
            var ownAccuracy = resampler == "aligned" ? outcome.AlignedAccuracy : outcome.BaseAccuracy;
            curves.Add(new Curve($"accuracy, continued by {resampler}", "share of the aligned output kept", "accuracy (keeps to the preferred subset)",
                [new CurvePoint(0, ownAccuracy), .. cuts.Select(cut => new CurvePoint(cut.Share, cut.Accuracy)), new CurvePoint(1, outcome.AccuracyBefore)]));
            curves.Add(new Curve($"continuation BF, {resampler}", "share of the aligned output kept", "branching factor",
                [new CurvePoint(0, own.Reported), .. cuts.Select(cut => new CurvePoint(cut.Share, cut.BranchingFactor))]));
        }
        // The labels the run page knows: coherent = keeps to the preferred subset, memorized = a fine-tuning
        // sequence, duplicate = the continuation repeats what the aligned model had written.
        var examples = outcome.Examples.Select(example => new LabelledSample(
            $"[{example.Resampler} at {ResamplingExperiment.Percent(example.Share)} %] {example.Prompt} | {example.Kept} ‖ {example.Continuation}   (was ‖ {example.Original})",
            example.Correct, example.FineTuned, example.Continuation == example.Original)).ToList();
        return new EvaluationCompleted(attempt, outcome.Metrics, examples, details, curves);
    }
}
