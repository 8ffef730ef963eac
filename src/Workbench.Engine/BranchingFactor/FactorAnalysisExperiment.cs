namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Runs a <see cref="FactorAnalysisSpec"/>: train a small and a large base-and-aligned pair, measure BF in every cell of
/// alignment × prompt length × model size, and compute each factor's main effect on ln BF.
/// </summary>
public static class FactorAnalysisExperiment
{
    /// <exception cref="ArgumentException">the spec is invalid</exception>
    /// <exception cref="OperationCanceledException">cancelled; checked before every training step and every prompt</exception>
    public static FactorAnalysisOutcome Run(FactorAnalysisSpec spec, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        spec.ThrowIfInvalid();
        var data = AlignedPair.CreateData(spec);
        observer.DatasetGenerated(data.Summary);
        var stepsPerPair = spec.PretrainingSteps + spec.FineTuningSteps;
        using var small = AlignedPair.Train(spec.Small, data, observer, cancellationToken, firstStep: 1, totalSteps: 2 * stepsPerPair, namePrefix: "small ");
        using var large = AlignedPair.Train(spec, data, observer, cancellationToken, firstStep: stepsPerPair + 1, totalSteps: 2 * stepsPerPair, namePrefix: "large ");
        // Both prompt sets come from the same stream: the long prompts are not simply other prompts, they start alike.
        var prompts = new Dictionary<bool, IReadOnlyList<int[]>>
        {
            [false] = data.Language.Prompts(spec.Prompts, spec.PromptWords, new Random(AlignedPair.SeedFor(spec, AlignedPair.Stream.Prompts))),
            [true] = data.Language.Prompts(spec.Prompts, spec.LongPromptWords, new Random(AlignedPair.SeedFor(spec, AlignedPair.Stream.Prompts))),
        };

        var cells = new List<FactorCell>();
        foreach (var (isLarge, pair) in new[] { (false, small), (true, large) })
        {
            foreach (var isAligned in new[] { false, true })
            {
                var model = new TransformerNextTokenModel(isAligned ? pair.Aligned : pair.Base);
                foreach (var isLong in new[] { false, true })
                {
                    var name = $"{(isAligned ? "aligned" : "base")}, {(isLong ? "long" : "short")} prompts, {(isLarge ? "large" : "small")}";
                    var measured = ModelMeasurement.Measure(name, _ => model, prompts[isLong],
                        prompt => new BranchingFactorOptions(DecodingSettings.Plain, spec.SamplesPerPrompt, spec.MaxWords + 2 - prompt.Length, WindowSize: 1, MinAliveSamples: Math.Min(10, spec.SamplesPerPrompt)),
                        new Random(AlignedPair.SeedFor(spec, AlignedPair.Stream.Measurement)), cancellationToken);
                    cells.Add(new FactorCell(isAligned, isLong, isLarge, measured));
                }
            }
        }

        var effects = Effects(cells);
        var metrics = new Dictionary<string, double>();
        foreach (var effect in effects)
        {
            metrics[$"{effect.Factor}Impact"] = effect.NormalisedImpact;
            metrics[$"{effect.Factor}BfRatio"] = Math.Exp(effect.LogEffect);
        }
        foreach (var cell in cells)
            metrics[$"bf{(cell.Aligned ? "Aligned" : "Base")}{(cell.LongPrompt ? "Long" : "Short")}{(cell.LargeModel ? "Large" : "Small")}"] = cell.BranchingFactor.Reported;
        metrics["smallFineTuningLoss"] = small.FineTuningLoss;
        metrics["largeFineTuningLoss"] = large.FineTuningLoss;
        return new FactorAnalysisOutcome(metrics, effects, cells);
    }

    /// <summary>Each factor's main effect, with its share of the three effects' summed magnitude as its normalised impact.</summary>
    public static IReadOnlyList<FactorEffect> Effects(IReadOnlyList<FactorCell> cells)
    {
        FactorEffect[] effects =
        [
            MainEffect("alignment", cells, cell => cell.Aligned),
            MainEffect("promptLength", cells, cell => cell.LongPrompt),
            MainEffect("modelSize", cells, cell => cell.LargeModel),
        ];
        var total = effects.Sum(effect => Math.Abs(effect.LogEffect));
        return [.. effects.Select(effect => effect with { NormalisedImpact = total == 0 ? 0 : Math.Abs(effect.LogEffect) / total })];
    }

    /// <summary>
    /// The factor's main effect in the two-level design: mean ln BF of the cells at its second level (aligned, long
    /// prompts, large model) minus that at its first, each mean over every combination of the other factors.
    /// </summary>
    public static FactorEffect MainEffect(string factor, IReadOnlyList<FactorCell> cells, Func<FactorCell, bool> level)
    {
        var high = cells.Where(level).Select(cell => Math.Log(cell.BranchingFactor.Reported)).ToList();
        var low = cells.Where(cell => !level(cell)).Select(cell => Math.Log(cell.BranchingFactor.Reported)).ToList();
        if (high.Count == 0 || low.Count == 0) throw new ArgumentException($"The cells hold only one level of {factor}.", nameof(cells));
        return new FactorEffect(factor, high.Average() - low.Average(), NormalisedImpact: 0);
    }
}
