using TorchSharp;
using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using Workbench.Engine.Training;
using static TorchSharp.torch;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// A base model pretrained on the broad language and an aligned copy fine-tuned on the preferred subset, with the
/// data they were trained and are measured on: what every branching-factor study starts from. Owns both models.
/// </summary>
public sealed class AlignedPair(AlignedPair.ExperimentData data, Transformer baseModel, Transformer alignedModel, double pretrainingLoss, double fineTuningLoss)
    : IDisposable
{
    /// <summary>Separate random streams for each purpose, all derived from the spec's seed. New purposes go at the end: the value is mixed into the seed.</summary>
    public enum Stream { Language = 1, PretrainingData, PreferredData, Prompts, PretrainingOrder, FineTuningOrder, Measurement, Resampling }

    /// <summary>The language, both training sets, the prompts, and their summary.</summary>
    public sealed record ExperimentData(SyntheticLanguage Language, IReadOnlyList<TrainingExample> Pretraining,
        IReadOnlyList<TrainingExample> FineTuning, IReadOnlyList<int[]> Prompts, DatasetSummary Summary);

    public ExperimentData Data => data;

    public Transformer Base => baseModel;

    public Transformer Aligned => alignedModel;

    public double PretrainingLoss => pretrainingLoss;

    public double FineTuningLoss => fineTuningLoss;

    /// <summary>
    /// Pretrains the base model and fine-tunes a copy. Steps are reported <paramref name="firstStep"/> … onwards across
    /// both phases, out of <paramref name="totalSteps"/> (a study training several pairs counts them all); the
    /// checkpoints are named "base" and "aligned" after <paramref name="namePrefix"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException">checked before every training step</exception>
    public static AlignedPair Train(AlignedPairSpec spec, ExperimentData data, IExperimentObserver observer, CancellationToken cancellationToken,
        int firstStep = 1, int? totalSteps = null, string namePrefix = "")
    {
        var total = totalSteps ?? spec.PretrainingSteps + spec.FineTuningSteps;
        var baseModel = CreateModel(spec, data.Language);
        Transformer? alignedModel = null;
        try
        {
            var pretrainingLoss = Train(baseModel, data.Pretraining, spec.PretrainingSteps, spec.LearningRate, SeedFor(spec, Stream.PretrainingOrder),
                spec.BatchSize, firstStep, total, observer, cancellationToken);
            observer.ModelTrained(new ModelCheckpoint(namePrefix + "base", firstStep - 1 + spec.PretrainingSteps, ModelCheckpoint.WeightsOf(baseModel)));
            alignedModel = Copy(baseModel, spec);
            var fineTuningLoss = Train(alignedModel, data.FineTuning, spec.FineTuningSteps, spec.FineTuningLearningRate, SeedFor(spec, Stream.FineTuningOrder),
                spec.BatchSize, firstStep + spec.PretrainingSteps, total, observer, cancellationToken);
            observer.ModelTrained(new ModelCheckpoint(namePrefix + "aligned", firstStep - 1 + spec.PretrainingSteps + spec.FineTuningSteps,
                ModelCheckpoint.WeightsOf(alignedModel)));
            return new AlignedPair(data, baseModel, alignedModel, pretrainingLoss, fineTuningLoss);
        }
        catch
        {
            baseModel.Dispose();
            alignedModel?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Generates everything the run trains and measures on (taking the spec's own prompts and preferred corpus where
    /// given). The summary counts both training sets; its hash covers
    /// the broad sequences, then the preferred ones, then the prompts; "valid answers" counts distinct training sequences.
    /// </summary>
    public static ExperimentData CreateData(AlignedPairSpec spec)
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
    public static Transformer CreateModel(AlignedPairSpec spec, SyntheticLanguage language)
    {
        var shape = new TransformerShape(language.Vocabulary.Count, spec.MaxWords + 2, spec.Width, spec.Depth, spec.Heads);
        using var initialisation = new Generator((ulong)spec.Seed);
        var model = new Transformer(shape, initialisation);
        model.to(TorchRuntime.Device);
        return model;
    }

    /// <summary>A stream's seed: a fixed mix of the spec's seed and the purpose (not string.GetHashCode, which varies by process).</summary>
    public static int SeedFor(AlignedPairSpec spec, Stream stream) => SeedFor(spec.Seed, stream);

    /// <summary>The same mix for a bare seed (a study that trains nothing, e.g. measuring another run's checkpoint).</summary>
    public static int SeedFor(int seed, Stream stream) =>
        (int)(((uint)seed * 2654435761u + (uint)stream * 40503u) & int.MaxValue);

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
    private static Transformer Copy(Transformer original, AlignedPairSpec spec)
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

    public void Dispose()
    {
        baseModel.Dispose();
        alignedModel.Dispose();
    }
}
