using System.Globalization;
using Workbench.Engine.Generation;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// Runs a <see cref="ResamplingSpec"/>: train the pair; from each prompt draw outputs of both models (their BF and
/// accuracy "from the prompt"); then cut the first <c>OutputsPerPrompt</c> aligned outputs after ⌊share·length⌋
/// tokens (at most length − 1, so at least one token is rewritten) and let each model continue them.
/// </summary>
public static class ResamplingExperiment
{
    /// <summary>Examples kept per cut share and model, for people to read.</summary>
    private const int ExamplesPerCut = 3;

    /// <exception cref="ArgumentException">the spec is invalid</exception>
    /// <exception cref="OperationCanceledException">cancelled; checked before every training step and every prompt</exception>
    public static ResamplingOutcome Run(ResamplingSpec spec, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        spec.ThrowIfInvalid();
        var data = AlignedPair.CreateData(spec);
        observer.DatasetGenerated(data.Summary);
        using var pair = AlignedPair.Train(spec, data, observer, cancellationToken);
        var baseModel = new TransformerNextTokenModel(pair.Base);
        var alignedModel = new TransformerNextTokenModel(pair.Aligned);
        var preferred = data.Language.Preferred;
        var vocabulary = data.Language.Vocabulary;
        var fineTuned = data.FineTuning.Select(example => vocabulary.Decode([.. example.Prompt, .. example.Answer])).ToHashSet();

        // From the prompts: both models with one stream, so the difference is the models'.
        var measurement = new Random(AlignedPair.SeedFor(spec, AlignedPair.Stream.Measurement));
        var fromPrompt = new Dictionary<string, FromPrompt>();
        foreach (var (name, model) in new[] { ("aligned", (INextTokenModel)alignedModel), ("base", baseModel) })
            fromPrompt[name] = FromPrompts(name, model, spec, data.Prompts, preferred, measurement, cancellationToken);
        var originals = data.Prompts.Select((prompt, index) => (Prompt: prompt, Outputs: fromPrompt["aligned"].Outputs[index].Take(spec.OutputsPerPrompt).ToList())).ToList();

        var resampling = new Random(AlignedPair.SeedFor(spec, AlignedPair.Stream.Resampling));
        var cuts = new List<ResampledCut>();
        var examples = new List<ResampledExample>();
        foreach (var share in spec.CutFractions)
        {
            foreach (var (name, model) in new[] { ("aligned", (INextTokenModel)alignedModel), ("base", baseModel) })
            {
                var (correct, total, bfSum, keptSum, cutCount) = (0, 0, 0.0, 0.0, 0);
                var shown = 0;
                foreach (var (prompt, outputs) in originals)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach (var original in outputs)
                    {
                        var kept = KeptTokens(share, original.Length);
                        int[] context = [.. prompt, .. original.Tokens[..kept]];
                        var room = spec.MaxWords + 2 - context.Length;
                        var continuations = OutputSampler.Sample(model, context, DecodingSettings.Plain, spec.ContinuationsPerCut, room, resampling);
                        var options = new BranchingFactorOptions(DecodingSettings.Plain, spec.ContinuationsPerCut, room, WindowSize: room, MinAliveSamples: 1);
                        bfSum += BranchingFactorEstimator.FromSamples(continuations, options).MonteCarlo;
                        keptSum += kept;
                        cutCount++;
                        foreach (var (continuation, index) in continuations.Select((continuation, index) => (continuation, index)))
                        {
                            var isCorrect = preferred.CouldWrite(prompt, [.. original.Tokens[..kept], .. continuation.Tokens]);
                            correct += isCorrect ? 1 : 0;
                            total++;
                            // One continuation of each of the first few cut outputs: different prompts, not one prompt's siblings.
                            if (index == 0 && shown++ < ExamplesPerCut)
                                examples.Add(new ResampledExample(share, name, vocabulary.Decode(prompt), vocabulary.Decode(original.Tokens[..kept]),
                                    vocabulary.Decode(original.Tokens[kept..]), vocabulary.Decode(continuation.Tokens), isCorrect,
                                    fineTuned.Contains(vocabulary.Decode([.. prompt, .. original.Tokens[..kept], .. continuation.Tokens]))));
                        }
                    }
                }
                cuts.Add(new ResampledCut(share, name, keptSum / cutCount, (double)correct / total, bfSum / cutCount));
            }
        }

        var metrics = new Dictionary<string, double>
        {
            ["alignedAccuracy"] = fromPrompt["aligned"].Accuracy,
            ["baseAccuracy"] = fromPrompt["base"].Accuracy,
            ["alignedBf"] = fromPrompt["aligned"].BranchingFactor.Reported,
            ["baseBf"] = fromPrompt["base"].BranchingFactor.Reported,
            ["accuracyBefore"] = originals.Sum(prompt => prompt.Outputs.Count(output => preferred.CouldWrite(prompt.Prompt, output.Tokens)))
                                 / (double)originals.Sum(prompt => prompt.Outputs.Count),
            ["pretrainingLoss"] = pair.PretrainingLoss,
            ["fineTuningLoss"] = pair.FineTuningLoss,
        };
        foreach (var cut in cuts)
        {
            var suffix = $"At{Percent(cut.Share)}{(cut.Resampler == "aligned" ? "Aligned" : "Base")}";
            metrics["accuracyAfterCut" + suffix] = cut.Accuracy;
            metrics["bfAfterCut" + suffix] = cut.BranchingFactor;
        }
        return new ResamplingOutcome(metrics, fromPrompt["base"].BranchingFactor, fromPrompt["aligned"].BranchingFactor,
            fromPrompt["base"].Accuracy, fromPrompt["aligned"].Accuracy, metrics["accuracyBefore"], cuts, examples);
    }

    /// <summary>Tokens of an output of <paramref name="length"/> kept before resampling: ⌊share·length⌋, at most length − 1.</summary>
    public static int KeptTokens(double share, int length) => Math.Clamp((int)Math.Floor(share * length), 0, Math.Max(0, length - 1));

    /// <summary>A share as a whole percentage for metric names, e.g. 0.25 → "25", 0.125 → "12.5".</summary>
    public static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture);

    private sealed record FromPrompt(ModelBranchingFactor BranchingFactor, double Accuracy, IReadOnlyList<IReadOnlyList<SampledOutput>> Outputs);

    /// <summary>Each prompt's outputs, their BF, and the share that keeps to the preferred subset.</summary>
    private static FromPrompt FromPrompts(string name, INextTokenModel model, AlignedPairSpec spec, IReadOnlyList<int[]> prompts, MarkovSource preferred, Random random, CancellationToken cancellationToken)
    {
        var outputs = new List<IReadOnlyList<SampledOutput>>();
        var estimates = new List<PromptBranchingFactor>();
        var (correct, total) = (0, 0);
        foreach (var prompt in prompts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var room = spec.MaxWords + 2 - prompt.Length;
            var sampled = OutputSampler.Sample(model, prompt, DecodingSettings.Plain, spec.SamplesPerPrompt, room, random);
            estimates.Add(BranchingFactorEstimator.FromSamples(sampled, new BranchingFactorOptions(DecodingSettings.Plain, spec.SamplesPerPrompt, room, WindowSize: 1, MinAliveSamples: 1)));
            correct += sampled.Count(output => preferred.CouldWrite(prompt, output.Tokens));
            total += sampled.Count;
            outputs.Add(sampled);
        }
        return new FromPrompt(ModelBranchingFactor.Of(name, TaskBranchingFactor.Of(estimates)), (double)correct / total, outputs);
    }
}
