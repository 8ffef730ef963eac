using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Generation;
using Workbench.Engine.Pretrained;
using static TorchSharp.torch;

namespace Workbench.Engine.RealModels;

/// <summary>
/// Resampling aligned outputs at absolute token positions, as a registered kind. Real text has no checker, so a
/// continuation is judged by how the aligned model reads it — its mean per-token negative log-likelihood under the
/// aligned model (plain softmax; the aligned model's own outputs are the reference) — beside the continuations' BF and
/// how often they repeat what the aligned model had written.
/// </summary>
public static class ModelResamplingKind
{
    /// <summary>Examples kept per cut and resampler, for people to read.</summary>
    private const int ExamplesPerCut = 3;

    public static ExperimentKind Registration { get; } = ExperimentKind.Create<ModelResamplingSpec>(
        "modelResampling",
        "Pretrained models: resampling aligned outputs",
        "The aligned model answers each prompt; its outputs are cut at absolute token positions (the paper: 25 and 200) and the " +
        "aligned model, the base model or both write new continuations from each cut. Reports the continuations' branching factor, " +
        "how likely the aligned model finds them (per-token NLL) and how often they repeat the original, per cut and model.",
        [
            .. PretrainedBranchingFactorKind.MeasuredMetrics("aligned", "Aligned", headline: true),
            new("alignedNllOriginal", "Aligned NLL of its outputs", null, "0.000", "the aligned model's mean per-token NLL of its own outputs after each cut: the continuations' reference"),
        ],
        [
            new CurveDefinition("cut position", "branching factor", "the continuations' BF per cut position and model writing them; 0 is the aligned model from the prompt"),
            new CurveDefinition("cut position", "aligned NLL", "how unlikely the aligned model finds the continuations, per token, per cut position and model"),
        ],
        Run,
        inputs: spec => spec.Models,
        exampleLabels:
        [
            new("unchanged", "the continuation repeats what the aligned model had written", LabelTone.Neutral),
            new("ended", "the continuation wrote an end token", LabelTone.Neutral),
            new("length limit", "stopped at the maximum output tokens", LabelTone.Warning),
        ]);

    private static ExperimentResult Run(ModelResamplingSpec spec, ExperimentContext context)
    {
        spec.ThrowIfInvalid();
        using var aligned = ModelInputs.Load(context, spec.Models[0]);
        using var baseModel = spec.UsesBase ? ModelInputs.Load(context, spec.Models[1]) : null;
        if (baseModel is not null) ModelInputs.EnsureSameTokenizer(aligned, "alignedModel", baseModel, "baseModel");
        var texts = PromptSets.For(spec, aligned.Tokenizer);
        var prompts = PromptSampling.Encode(aligned, "alignedModel", texts, spec.Chat, spec.MaxOutputTokens);

        // From the prompts: the aligned model's BF, and the outputs to cut.
        var originals = new IReadOnlyList<SampledOutput>[prompts.Length];
        var fromPrompts = PromptSampling.Measure("aligned", PromptSampling.Alone(aligned), aligned, [aligned], texts, prompts, spec, context.Cancellation,
            (index, outputs) => originals[index] = [.. outputs.Take(spec.OutputsPerPrompt)]);
        var endTokens = aligned.EndTokens;
        var originalNll = new List<double>();

        var resamplers = spec.Resampler switch
        {
            Resampler.Aligned => [("aligned", aligned)],
            Resampler.Base => [("base", baseModel!)],
            _ => new[] { ("aligned", aligned), ("base", baseModel!) },
        };
        var cuts = new List<ResampledCut>();
        var cutCounts = new Dictionary<int, int>();
        var examples = new List<LabelledExample>();
        foreach (var position in spec.CutPositions.Order())
        {
            var cutOutputs = Enumerable.Range(0, prompts.Length)
                .SelectMany(index => originals[index].Where(output => output.Length > position).Select(output => (Index: index, Output: output))).ToList();
            originalNll.AddRange(cutOutputs.Select(cut => MeanNll(aligned, prompts[cut.Index], cut.Output.Tokens, position, [cut.Output.Tokens[position..]]).Single()));
            cutCounts[position] = cutOutputs.Count;
            if (cutOutputs.Count == 0) continue;
            foreach (var (name, model) in resamplers)
            {
                var room = spec.MaxOutputTokens - position;
                var options = PromptSampling.Options(spec, [model], room, PromptSampling.MaxBatch([model], prompts.Max(prompt => prompt.Length) + spec.MaxOutputTokens)) with
                {
                    EndTokens = [.. model.EndTokens.Union(endTokens).Order()],
                };
                var estimatorOptions = new BranchingFactorOptions(spec.Decoding, spec.ContinuationsPerCut, room, WindowSize: room, MinAliveSamples: 1);
                // Every resampler meets the same random numbers.
                using var generator = new Generator((ulong)spec.SeedOf(SeedStream.Resampling), model.Model.Device);
                var (bfSum, nllSum, nllCount, unchanged, total, shown) = (0.0, 0.0, 0, 0, 0, 0);
                foreach (var (index, original) in cutOutputs)
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    int[] kept = [.. prompts[index], .. original.Tokens[..position]];
                    var continuations = PromptSampling.Sample(PromptSampling.Alone(model), kept, spec.ContinuationsPerCut, options, options.MaxBatch, generator);
                    bfSum += BranchingFactorEstimator.FromSamples(continuations, estimatorOptions).MonteCarlo;
                    var nll = MeanNll(aligned, prompts[index], original.Tokens, position, [.. continuations.Select(continuation => continuation.Tokens)]);
                    nllSum += nll.Sum();
                    nllCount += nll.Count;
                    var originalRest = original.Tokens[position..];
                    foreach (var continuation in continuations)
                    {
                        var same = continuation.Tokens.SequenceEqual(originalRest);
                        unchanged += same ? 1 : 0;
                        total++;
                        if (shown >= ExamplesPerCut || continuation != continuations[0]) continue;
                        shown++;
                        examples.Add(new LabelledExample(
                            $"[{name} at token {position}] {PretrainedBranchingFactorKind.Shortened(texts[index])} | {aligned.Tokenizer.Decode(original.Tokens[..position])} ‖ " +
                            $"{PromptSampling.Text(model, continuation, options.EndTokens)}   (was ‖ {PromptSampling.Text(aligned, new SampledOutput(originalRest, [], []), endTokens)})",
                            [.. same ? ["unchanged"] : Array.Empty<string>(), options.EndTokens.Contains(continuation.Tokens[^1]) ? "ended" : "length limit"]));
                    }
                }
                cuts.Add(new ResampledCut(position, name, cutOutputs.Count, bfSum / cutOutputs.Count, nllSum / nllCount, (double)unchanged / total));
            }
        }

        var metrics = new Dictionary<string, double>(PretrainedBranchingFactorKind.Metrics("aligned", fromPrompts));
        if (originalNll.Count > 0) metrics["alignedNllOriginal"] = originalNll.Average();
        foreach (var (position, count) in cutCounts) metrics[$"cutOutputsAt{position}"] = count;
        foreach (var cut in cuts)
        {
            var suffix = $"At{cut.Position}{(cut.Resampler == "aligned" ? "Aligned" : "Base")}";
            metrics["bfAfterCut" + suffix] = cut.BranchingFactor;
            metrics["alignedNllAfterCut" + suffix] = cut.AlignedNll;
            metrics["unchangedAfterCut" + suffix] = cut.Unchanged;
        }
        List<Curve> curves = [];
        foreach (var (name, _) in resamplers)
        {
            var own = cuts.Where(cut => cut.Resampler == name).OrderBy(cut => cut.Position).ToList();
            curves.Add(new Curve($"continuation BF, {name}", "cut position", "branching factor",
                [.. name == "aligned" ? [new CurvePoint(0, fromPrompts.BranchingFactor.MonteCarlo)] : Array.Empty<CurvePoint>(),
                 .. own.Select(cut => new CurvePoint(cut.Position, cut.BranchingFactor))]));
            curves.Add(new Curve($"aligned NLL of continuations, {name}", "cut position", "aligned NLL per token",
                [.. own.Select(cut => new CurvePoint(cut.Position, cut.AlignedNll))]));
        }
        return new ExperimentResult(metrics, curves, examples, new ModelResamplingOutcome(fromPrompts, cutCounts, cuts));
    }

    /// <summary>
    /// How unlikely the aligned model finds each rewritten part: its mean −ln P(token | prompt, kept tokens, tokens before)
    /// over the tokens after the cut (plain softmax), one value per text.
    /// </summary>
    /// <param name="rests">what follows the first <paramref name="kept"/> tokens of <paramref name="output"/>, one per continuation</param>
    private static IReadOnlyList<double> MeanNll(LoadedModel aligned, int[] prompt, int[] output, int kept, IReadOnlyList<int[]> rests)
    {
        int[] context = [.. prompt, .. output[..kept]];
        var scored = GenerationEngine.Score(aligned.Model, [.. rests.Select(rest => (int[])[.. context, .. rest])]);
        return [.. scored.Select(text => -text.LogProbabilities.Skip(context.Length).Average(value => value!.Value))];
    }
}

/// <summary>One cut position and the model that continued from it, over every aligned output long enough to be cut there.</summary>
/// <param name="Position">tokens of the aligned output kept</param>
/// <param name="CutOutputs">aligned outputs longer than <paramref name="Position"/> (the others cannot be cut there)</param>
/// <param name="BranchingFactor">the continuations' BF (Monte-Carlo), averaged over the cut outputs</param>
/// <param name="AlignedNll">the continuations' mean per-token NLL under the aligned model</param>
/// <param name="Unchanged">share of continuations equal to what the aligned model had written</param>
public sealed record ResampledCut(int Position, string Resampler, int CutOutputs, double BranchingFactor, double AlignedNll, double Unchanged);

/// <summary>The whole result of a resampling run on pretrained models.</summary>
/// <param name="CutOutputs">per cut position, the aligned outputs long enough to be cut there (none: that position has no cuts)</param>
public sealed record ModelResamplingOutcome(MeasuredModel AlignedFromPrompts, IReadOnlyDictionary<int, int> CutOutputs, IReadOnlyList<ResampledCut> Cuts);
