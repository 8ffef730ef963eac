using TorchSharp;
using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using Workbench.Engine.Training;
using static TorchSharp.torch;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// One base-vs-aligned run: generate the language and both training sets, pretrain, fine-tune a copy,
/// measure both models' BF (and the two sources', for reference) with the same prompts and decoding, then nudging.
/// Every random choice derives from the spec's seed, so on the CPU the same spec and thread count repeat bit for bit.
/// Training steps are reported 1 … PretrainingSteps + FineTuningSteps across both phases.
/// </summary>
public static class BranchingFactorExperiment
{
    /// <summary>Separate random streams for each purpose, all derived from the spec's seed.</summary>
    internal enum Stream { Language = 1, PretrainingData, PreferredData, Prompts, PretrainingOrder, FineTuningOrder, Measurement }

    /// <exception cref="ArgumentException">the spec is invalid</exception>
    /// <exception cref="OperationCanceledException">cancelled; checked before every training step and every measured prompt</exception>
    public static BranchingFactorOutcome Run(BranchingFactorSpec spec, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid spec: " + string.Join("; ", errors.Select(error => $"{error.Field} {error.Message}")), nameof(spec));

        var data = CreateData(spec);
        observer.DatasetGenerated(data.Summary);

        using var baseModel = CreateModel(spec, data.Language);
        var totalSteps = spec.PretrainingSteps + spec.FineTuningSteps;
        var pretrainingLoss = Train(baseModel, data.Pretraining, spec.PretrainingSteps, spec.LearningRate, SeedFor(spec, Stream.PretrainingOrder),
            spec.BatchSize, firstStep: 1, totalSteps, observer, cancellationToken);
        observer.ModelTrained(new ModelCheckpoint("base", spec.PretrainingSteps, ModelCheckpoint.WeightsOf(baseModel)));
        using var alignedModel = Copy(baseModel, spec);
        var fineTuningLoss = Train(alignedModel, data.FineTuning, spec.FineTuningSteps, spec.FineTuningLearningRate, SeedFor(spec, Stream.FineTuningOrder),
            spec.BatchSize, firstStep: spec.PretrainingSteps + 1, totalSteps, observer, cancellationToken);
        observer.ModelTrained(new ModelCheckpoint("aligned", totalSteps, ModelCheckpoint.WeightsOf(alignedModel)));

        using var baseModelView = new TransformerNextTokenModel(baseModel);
        using var alignedModelView = new TransformerNextTokenModel(alignedModel);
        var baseMeasured = Measure("base", baseModelView, spec, data.Prompts, cancellationToken);
        var alignedMeasured = Measure("aligned", alignedModelView, spec, data.Prompts, cancellationToken);
        var broadSource = Measure("broadSource", data.Language.Broad, spec, data.Prompts, cancellationToken);
        var preferredSource = Measure("preferredSource", data.Language.Preferred, spec, data.Prompts, cancellationToken);
        var nudging = spec.NudgeThreshold > 0 ? MeasureNudging(baseModelView, alignedModelView, spec, data.Prompts, cancellationToken) : null;

        var metrics = new Dictionary<string, double>
        {
            ["baseBf"] = baseMeasured.Reported,
            ["alignedBf"] = alignedMeasured.Reported,
            ["bfRatio"] = baseMeasured.Reported / alignedMeasured.Reported,
            ["baseBfMonteCarlo"] = baseMeasured.MonteCarlo,
            ["alignedBfMonteCarlo"] = alignedMeasured.MonteCarlo,
            ["baseBfAep"] = baseMeasured.Aep,
            ["alignedBfAep"] = alignedMeasured.Aep,
            ["bfRatioAep"] = baseMeasured.Aep / alignedMeasured.Aep,
            ["broadSourceBf"] = broadSource.Reported,
            ["preferredSourceBf"] = preferredSource.Reported,
            ["baseMeanOutputLength"] = baseMeasured.MeanOutputLength,
            ["alignedMeanOutputLength"] = alignedMeasured.MeanOutputLength,
            ["pretrainingLoss"] = pretrainingLoss,
            ["fineTuningLoss"] = fineTuningLoss,
        };
        // The paper finds the gap widest at the first positions.
        if (baseMeasured.Curve.Count > 0 && alignedMeasured.Curve.Count > 0)
            metrics["bfRatioFirstWindow"] = baseMeasured.Curve[0].MonteCarlo / alignedMeasured.Curve[0].MonteCarlo;
        if (nudging is not null)
        {
            metrics["nudgedBf"] = nudging.BranchingFactor.Reported;
            metrics["nudgedFraction"] = nudging.NudgedFraction;
        }
        return new BranchingFactorOutcome(metrics, baseMeasured, alignedMeasured, broadSource, preferredSource, nudging, pretrainingLoss, fineTuningLoss);
    }

    /// <summary>The language, both training sets, the prompts, and their summary.</summary>
    public sealed record ExperimentData(SyntheticLanguage Language, IReadOnlyList<TrainingExample> Pretraining,
        IReadOnlyList<TrainingExample> FineTuning, IReadOnlyList<int[]> Prompts, DatasetSummary Summary);

    /// <summary>
    /// Generates everything the run trains and measures on (taking the spec's own prompts and preferred corpus where
    /// given). The summary counts both training sets; its hash covers
    /// the broad sequences, then the preferred ones, then the prompts; "valid answers" counts distinct training sequences.
    /// </summary>
    public static ExperimentData CreateData(BranchingFactorSpec spec)
    {
        var language = SyntheticLanguage.Generate(spec.LanguageShape, SeedFor(spec, Stream.Language));
        var broad = language.Sample(language.Broad, spec.PretrainingSequences, new Random(SeedFor(spec, Stream.PretrainingData)));
        var preferred = spec.PreferredCorpusTokens(language.Vocabulary)
            ?? language.Sample(language.Preferred, spec.PreferredSequences, new Random(SeedFor(spec, Stream.PreferredData)));
        var prompts = spec.CustomPromptTokens(language.Vocabulary)
            ?? language.Prompts(spec.Prompts, spec.PromptWords, new Random(SeedFor(spec, Stream.Prompts)));
        var hash = language.ContentHash([.. broad, .. preferred, .. prompts]);
        var distinct = broad.Concat(preferred).Select(sequence => string.Join(' ', sequence)).Distinct().Count();
        return new ExperimentData(language, Examples(broad), Examples(preferred), prompts,
            new DatasetSummary(broad.Count + preferred.Count, distinct, hash, language.Vocabulary.Count));
    }

    /// <summary>The spec's transformer, initialised from its seed, on the configured device; it reads a begin token and a whole sequence.</summary>
    public static Transformer CreateModel(BranchingFactorSpec spec, SyntheticLanguage language)
    {
        var shape = new TransformerShape(language.Vocabulary.Count, spec.MaxWords + 2, spec.Width, spec.Depth, spec.Heads);
        using var initialisation = new Generator((ulong)spec.Seed);
        var model = new Transformer(shape, initialisation);
        model.to(TorchRuntime.Device);
        return model;
    }

    /// <summary>BF of one model over the prompts, with the spec's decoding and estimator options.</summary>
    public static ModelBranchingFactor Measure(string name, INextTokenModel model, BranchingFactorSpec spec, IReadOnlyList<int[]> prompts, CancellationToken cancellationToken) =>
        Measure(name, _ => model, spec, prompts, cancellationToken);

    /// <summary>
    /// Nudging: the base model decodes, the aligned model writes the tokens where the base model's top-1 probability
    /// is below the spec's threshold; measured like the models themselves, with the nudges counted by position.
    /// </summary>
    public static NudgingOutcome MeasureNudging(INextTokenModel baseModel, INextTokenModel alignedModel, BranchingFactorSpec spec, IReadOnlyList<int[]> prompts, CancellationToken cancellationToken)
    {
        var counts = new NudgeCounts();
        var measured = Measure("nudged", prompt => new NudgedModel(baseModel, alignedModel, spec.NudgeThreshold, spec.Decoding, prompt.Length, counts),
            spec, prompts, cancellationToken);
        return new NudgingOutcome(spec.NudgeThreshold, measured, counts.NudgedFraction, counts.NudgesByPosition, counts.TokensByPosition);
    }

    private static ModelBranchingFactor Measure(string name, Func<int[], INextTokenModel> modelFor, BranchingFactorSpec spec, IReadOnlyList<int[]> prompts, CancellationToken cancellationToken)
    {
        // Every model draws with the same stream, so differences come from the models, not the draws.
        var random = new Random(SeedFor(spec, Stream.Measurement));
        var perPrompt = prompts.Select(prompt =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A prompt is the begin token and its words; the output may take the remaining words and the end token.
            var options = new BranchingFactorOptions(spec.Decoding, spec.SamplesPerPrompt, spec.MaxWords + 2 - prompt.Length,
                spec.WindowSize, spec.MinAliveSamples, spec.PaperCompatible);
            return BranchingFactorEstimator.Estimate(modelFor(prompt), prompt, options, random);
        }).ToList();
        return ModelBranchingFactor.Of(name, TaskBranchingFactor.Of(perPrompt));
    }

    private static double Train(Transformer model, IReadOnlyList<TrainingExample> examples, int steps, double learningRate, int orderSeed,
        int batchSize, int firstStep, int totalSteps, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        using var training = new NextTokenTraining(model, examples, batchSize, learningRate, orderSeed, TorchRuntime.Device);
        var loss = double.NaN;
        for (var step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            loss = training.Step();
            observer.TrainingStepCompleted(new TrainingStep(firstStep + step, totalSteps, loss));
        }
        return loss;
    }

    /// <summary>A second model with the same shape and weights, to fine-tune while the original stays the base.</summary>
    private static Transformer Copy(Transformer original, BranchingFactorSpec spec)
    {
        using var initialisation = new Generator((ulong)spec.Seed);
        var copy = new Transformer(original.Shape, initialisation);
        copy.to(TorchRuntime.Device);
        using var noGrad = no_grad();
        foreach (var (target, source) in copy.parameters().Zip(original.parameters())) target.copy_(source);
        return copy;
    }

    private static IReadOnlyList<TrainingExample> Examples(IReadOnlyList<int[]> sequences) =>
        [.. sequences.Select(sequence => new TrainingExample([Vocabulary.Begin], sequence))];

    /// <summary>A stream's seed: a fixed mix of the spec's seed and the purpose (not string.GetHashCode, which varies by process).</summary>
    internal static int SeedFor(BranchingFactorSpec spec, Stream stream) =>
        (int)(((uint)spec.Seed * 2654435761u + (uint)stream * 40503u) & int.MaxValue);
}
