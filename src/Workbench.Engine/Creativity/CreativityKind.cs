using Workbench.Engine.Pretrained;

namespace Workbench.Engine.Creativity;

/// <summary>The algorithmic-creativity experiment as a registered kind (<see cref="ExperimentKinds"/>).</summary>
public static class CreativityKind
{
    /// <summary>The metrics every decoding setting of a sweep records, as <c>{metric}__{setting key}</c> (<see cref="CreativityDecodingSetting"/>).</summary>
    public static IReadOnlyList<string> PerSettingMetrics { get; } =
        ["creativity", "memorization", "coherence", "uniqueness", "creativityReference", "memorizationReference", "coherenceReference", "diversityReference"];

    public static ExperimentKind Registration { get; } = ExperimentKind.Create<CreativitySpec>(
        "creativity",
        "Creativity (algorithmic creativity tasks)",
        "Generates an open-ended graph task from a seed, trains a small transformer (or fine-tunes a pretrained GPT-2 of the models folder) with " +
        "next-token, teacherless (the authors' hybrid, or purely parallel) or diffusion training, samples answers (at one decoding setting or a " +
        "sweep of them) and scores them exactly: creativity is the share of samples that are coherent, new and distinct. The authors' looser " +
        "scores are reported beside ours.",
        [
            new("creativity", "Creativity", true, "0.000", "unique coherent answers not in the training set, over all samples", Headline: true),
            new("memorization", "Memorization", false, "0.000", "share of samples equivalent to a training answer"),
            new("coherence", "Coherence", true, "0.000", "share of samples valid under the task's rules"),
            new("uniqueness", "Uniqueness", true, "0.000", "distinct answers (equivalence classes) over all samples"),
            new("generated", "Generated", true, "0", "answers sampled and scored"),
            new("finalLoss", "Final loss", false, "0.0000", "training loss at the last step (nats per scored token)"),
            new("creativityReference", "Creativity (reference)", true, "0.000",
                "the authors' score: distinct strings valid under their checker and not seen in training, over all samples"),
            new("memorizationReference", "Memorization (reference)", false, "0.000",
                "the authors' seen score: share of samples matching a training answer as their checker canonicalises it"),
            new("coherenceReference", "Coherence (reference)", true, "0.000",
                "the authors' validity: share of samples their checker accepts (circles and lines undirected, any length)"),
            new("diversityReference", "Diversity (reference)", true, "0.000", "the authors' diversity: distinct valid strings over all samples"),
            new("bestSettingCreativity", "Best setting's creativity", true, "0.000", "with a decoding sweep: the highest creativity of any setting"),
            new("bestSettingTemperature", "Best setting's temperature", null, "0.##", "with a decoding sweep: the temperature of the setting with the highest creativity"),
            new("bestSettingTopK", "Best setting's top-k", null, "0", "with a decoding sweep: its top-k (0: off)"),
            new("bestSettingFixedPrefix", "Best setting's prefix fixed", null, "0", "with a decoding sweep: 1 when it decoded with the seed prefix off (one prefix for all samples)"),
            new("bestCheckpointCreativity", "Best checkpoint's creativity", true, "0.000",
                "with evaluations during training: the highest creativity of any evaluation (the final one included)"),
            new("bestCheckpointStep", "Best checkpoint's step", null, "0", "with evaluations during training: the step of that evaluation (the earliest on ties)"),
            new("bestCheckpointMemorization", "Best checkpoint's memorization", false, "0.000", "with evaluations during training: memorization at that step"),
        ],
        [new CurveDefinition("training step", "score", "each metric of an evaluation during training (evaluationEvery)")],
        Run,
        inputs: spec => spec.Models,
        exampleLabels:
        [
            new("creative", "coherent, not memorized and not a repeat: what the creativity score counts", LabelTone.Good),
            new("coherent", "valid under the task's rules", LabelTone.Good),
            new("incoherent", "not a valid answer", LabelTone.Bad),
            new("original", "coherent and not equivalent to a training answer", LabelTone.Good),
            new("memorized", "equivalent to a training answer", LabelTone.Warning),
            new("duplicate", "equivalent to an earlier sample", LabelTone.Neutral),
        ],
        describeSetting: key => CreativityDecodingSetting.FromKey(key)?.Label,
        upgradeStoredSpec: UpgradeStoredSpec,
        presets: CreativityPresets.All);

    /// <summary>
    /// A spec stored before the hybrid existed said <c>"objective": "teacherless"</c> for what is now the parallel objective:
    /// such specs never hold <c>teacherlessCopies</c> (every spec written since does, null or not), so they are read as
    /// <c>teacherlessParallel</c> and replay as they ran.
    /// </summary>
    private static void UpgradeStoredSpec(System.Text.Json.Nodes.JsonObject spec)
    {
        if (spec["objective"]?.GetValue<string>() == "teacherless" && !spec.ContainsKey("teacherlessCopies"))
            spec["objective"] = "teacherlessParallel";
    }

    private static ExperimentResult Run(CreativitySpec spec, ExperimentContext context)
    {
        var pretrained = spec.Models.Count == 0 ? null : context.Load<PretrainedModelSource>(spec.Models[0]);
        var outcome = CreativityExperiment.Run(spec, context.Observer, context.Cancellation, pretrained);
        var metrics = new Dictionary<string, double>(outcome.Metrics.ByName()) { ["finalLoss"] = outcome.FinalLoss };
        foreach (var setting in outcome.Settings)
        {
            var byName = setting.Metrics.ByName();
            foreach (var name in PerSettingMetrics) metrics[setting.Setting.MetricName(name)] = byName[name];
        }
        if (outcome.Settings.Count > 0)
        {
            var best = outcome.Settings.MaxBy(setting => setting.Metrics.CreativityScore)!;
            metrics["bestSettingCreativity"] = best.Metrics.CreativityScore;
            metrics["bestSettingTemperature"] = best.Setting.Temperature;
            metrics["bestSettingTopK"] = best.Setting.TopK;
            metrics["bestSettingFixedPrefix"] = best.Setting.FixedPrefix ? 1 : 0;
        }
        if (outcome.Checkpoints.Count > 0)
        {
            var best = outcome.Checkpoints.MaxBy(checkpoint => checkpoint.Metrics.CreativityScore);
            metrics["bestCheckpointCreativity"] = best.Metrics.CreativityScore;
            metrics["bestCheckpointStep"] = best.Step;
            metrics["bestCheckpointMemorization"] = best.Metrics.MemorizationRate;
        }
        // One setting: the details keep the shape (and hash) they always had, the labelled samples.
        object details = outcome.Settings.Count == 0 ? outcome.Samples : new CreativityDetails(outcome.Samples,
            [.. outcome.Settings.Select(setting => new SettingDetails(setting.Setting.Key, setting.Setting.Label, setting.Setting.Temperature,
                setting.Setting.TopK, setting.Setting.FixedPrefix, setting.Metrics.ByName(), setting.Samples))]);
        return new ExperimentResult(metrics, [], [.. outcome.Samples.Select(sample => sample.AsExample())], details);
    }

    /// <summary>A decode-many run's whole result: the spec's own setting's samples, then every setting's metrics and samples.</summary>
    public sealed record CreativityDetails(IReadOnlyList<LabelledSample> Samples, IReadOnlyList<SettingDetails> Settings);

    public sealed record SettingDetails(string Key, string Label, double Temperature, int TopK, bool FixedPrefix,
        IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<LabelledSample> Samples);
}
