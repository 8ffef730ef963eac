namespace Workbench.Engine.BranchingFactor;

/// <summary>Runs a <see cref="DecodingSensitivitySpec"/>: train the pair, then measure both models at every decoding setting.</summary>
public static class DecodingSensitivityExperiment
{
    /// <exception cref="ArgumentException">the spec is invalid</exception>
    /// <exception cref="OperationCanceledException">cancelled; checked before every training step and every prompt</exception>
    public static DecodingSensitivityOutcome Run(DecodingSensitivitySpec spec, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        spec.ThrowIfInvalid();
        var data = AlignedPair.CreateData(spec);
        observer.DatasetGenerated(data.Summary);
        using var pair = AlignedPair.Train(spec, data, observer, cancellationToken);
        var baseModel = new TransformerNextTokenModel(pair.Base);
        var alignedModel = new TransformerNextTokenModel(pair.Aligned);

        var measured = new List<DecodingQuality>();
        foreach (var (name, model) in new[] { ("base", (INextTokenModel)baseModel), ("aligned", alignedModel) })
            foreach (var settings in spec.Settings)
                measured.Add(Measure(name, model, settings, spec, data, cancellationToken));

        var metrics = new Dictionary<string, double> { ["pretrainingLoss"] = pair.PretrainingLoss, ["fineTuningLoss"] = pair.FineTuningLoss };
        foreach (var name in new[] { "base", "aligned" })
        {
            var overTemperature = measured.Where(quality => quality.Model == name && quality.Settings.TopP == 1).ToList();
            var overTopP = measured.Where(quality => quality.Model == name && quality.Settings.Temperature == 1).ToList();
            metrics[$"{name}AccuracyMean"] = measured.Where(quality => quality.Model == name).Average(quality => quality.Accuracy);
            metrics[$"{name}AccuracyStdOverTemperature"] = StandardDeviation(overTemperature.Select(quality => quality.Accuracy));
            metrics[$"{name}AccuracyStdOverTopP"] = StandardDeviation(overTopP.Select(quality => quality.Accuracy));
            metrics[$"{name}ValidityMean"] = measured.Where(quality => quality.Model == name).Average(quality => quality.Validity);
            metrics[$"{name}ValidityStdOverTemperature"] = StandardDeviation(overTemperature.Select(quality => quality.Validity));
            metrics[$"{name}ValidityStdOverTopP"] = StandardDeviation(overTopP.Select(quality => quality.Validity));
            metrics[$"{name}BfMean"] = measured.Where(quality => quality.Model == name).Average(quality => quality.BranchingFactor);
        }
        return new DecodingSensitivityOutcome(metrics, measured);
    }

    /// <summary>Population standard deviation (the settings are all there is, not a sample of them).</summary>
    public static double StandardDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return 0;
        var mean = list.Average();
        return Math.Sqrt(list.Average(value => (value - mean) * (value - mean)));
    }

    private static DecodingQuality Measure(string name, INextTokenModel model, DecodingSettings settings, DecodingSensitivitySpec spec, AlignedPair.ExperimentData data, CancellationToken cancellationToken)
    {
        // A fresh stream per setting: common random numbers, so neighbouring settings differ by their decoding, not by luck.
        var random = new Random(AlignedPair.SeedFor(spec, AlignedPair.Stream.Measurement));
        var (correct, valid, total) = (0, 0, 0);
        var estimates = new List<PromptBranchingFactor>();
        var accuracies = new List<double>();
        foreach (var prompt in data.Prompts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var room = spec.MaxWords + 2 - prompt.Length;
            var outputs = OutputSampler.Sample(model, prompt, settings, spec.SamplesPerPrompt, room, random);
            estimates.Add(BranchingFactorEstimator.FromSamples(outputs, new BranchingFactorOptions(settings, spec.SamplesPerPrompt, room, WindowSize: room, MinAliveSamples: 1)));
            var promptCorrect = outputs.Count(output => data.Language.Preferred.CouldWrite(prompt, output.Tokens));
            correct += promptCorrect;
            valid += outputs.Count(output => data.Language.Broad.CouldWrite(prompt, output.Tokens));
            total += outputs.Count;
            accuracies.Add((double)promptCorrect / outputs.Count);
        }
        return new DecodingQuality(name, settings, (double)correct / total, (double)valid / total,
            TaskBranchingFactor.Of(estimates).MonteCarlo, StandardDeviation(accuracies));
    }
}
