using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Generation;
using Workbench.Engine.Pretrained;
using static TorchSharp.torch;

namespace Workbench.Engine.RealModels;

/// <summary>How rows are decoded: a model's own cached state, or a mixture (nudging), for the given rows and output length.</summary>
public delegate IDecoderState DecoderFactory(IReadOnlyList<int[]> rows, int maxNewTokens);

/// <summary>
/// Draws every prompt's outputs from pretrained models through the generation engine and measures them with the
/// branching-factor estimators (<see cref="BranchingFactorEstimator.FromSamples"/>): per prompt, then over the prompts
/// (<see cref="TaskBranchingFactor.Of"/>), with the reference code's <c>ebf_perplexity</c> beside them.
/// </summary>
public static class PromptSampling
{
    /// <summary>Key-value cache a batch may take: with the logits bound below, what sets how many rows decode together.</summary>
    private const long CacheBytesPerBatch = 1L << 30;

    /// <summary>Logits a step may hold (rows × vocabulary): 128 MB once the estimators read them in float64.</summary>
    private const long LogitsPerBatch = 1L << 24;

    /// <summary>Outputs kept per prompt as examples, for people to read.</summary>
    public const int ExamplesPerPrompt = 2;

    /// <summary>Each prompt as <paramref name="model"/> reads it: plain, or as a user turn through its chat template.</summary>
    /// <param name="role">the spec field that named the model, for messages</param>
    /// <exception cref="ArgumentException">a prompt and the output length do not fit the model's context</exception>
    /// <exception cref="ModelLoadException">chat was asked for and the model has no template the engine recognises</exception>
    public static int[][] Encode(LoadedModel model, string role, IReadOnlyList<string> prompts, bool chat, int maxOutputTokens)
    {
        var encoded = prompts.Select(prompt => model.EncodePrompt(prompt, chat)).ToArray();
        for (var index = 0; index < encoded.Length; index++)
        {
            if (encoded[index].Length == 0) throw new ArgumentException($"prompts: prompt {index + 1} has no tokens for {role} {model.Folder.Name}.");
            if (encoded[index].Length + maxOutputTokens > model.Model.ContextLength)
                throw new ArgumentException($"maxOutputTokens: prompt {index + 1} is {encoded[index].Length} tokens for {role} {model.Folder.Name}; with " +
                                            $"{maxOutputTokens} output tokens it exceeds the model's context of {model.Model.ContextLength}.");
        }
        return encoded;
    }

    /// <summary>Rows decoded together at most: the cache of a batch within 1 GB and one step's logits within 16 M values.</summary>
    /// <param name="slots">prompt and output tokens per row</param>
    public static int MaxBatch(IEnumerable<LoadedModel> models, int slots) => models.Min(model =>
    {
        var config = model.Model.Config;
        var elementBytes = model.Model.ComputeType == ScalarType.BFloat16 ? 2L : 4L;
        var cachePerRow = 2L * config.Layers * config.KeyValueHeads * config.HeadWidth * slots * elementBytes;
        return (int)Math.Clamp(Math.Min(CacheBytesPerBatch / cachePerRow, LogitsPerBatch / model.Model.VocabularySize), 1, 1024);
    });

    /// <summary>A decoder of <paramref name="model"/> alone, through its key-value cache.</summary>
    public static DecoderFactory Alone(LoadedModel model) => (rows, maxNewTokens) => GenerationEngine.Start(model.Model, rows, maxNewTokens);

    /// <summary>Draws <paramref name="samples"/> outputs after one prompt, at most <paramref name="maxBatch"/> rows at a time.</summary>
    /// <param name="generator">draws every token; shared by the calls of one measurement so that each prompt gets its own draws</param>
    public static IReadOnlyList<SampledOutput> Sample(DecoderFactory start, int[] prompt, int samples, GenerationOptions options, int maxBatch, Generator generator)
    {
        var outputs = new List<SampledOutput>(samples);
        for (var first = 0; first < samples; first += maxBatch)
        {
            using var state = start([.. Enumerable.Repeat(prompt, Math.Min(maxBatch, samples - first))], options.MaxNewTokens);
            outputs.AddRange(GenerationEngine.Decode(state, options, generator));
        }
        return outputs;
    }

    /// <summary>The options a measurement writes with: the spec's decoding over the ids every model may write, the end tokens of each, measured.</summary>
    public static GenerationOptions Options(PretrainedPromptSpec spec, IReadOnlyList<LoadedModel> models, int maxNewTokens, int maxBatch) =>
        new(maxNewTokens, spec.Decoding.ToDecoding() with { WritableTokens = models.Min(model => model.WritableTokens) },
            [.. models.SelectMany(model => model.EndTokens).Distinct().Order()], Measure: true, MaxBatch: maxBatch);

    /// <summary>
    /// Samples every prompt with one decoder and measures BF: each prompt's estimates and examples, the task's mean, and
    /// BF over output position. Every token is drawn from one generator seeded with the spec's sampling seed, so each
    /// model of a run meets the same random numbers.
    /// </summary>
    /// <param name="name">what the curves call it, e.g. "base"</param>
    /// <param name="writer">the model whose tokenizer writes the examples</param>
    /// <param name="models">every model the decoder reads (their end tokens and writable ids)</param>
    /// <exception cref="OperationCanceledException">checked before every prompt</exception>
    public static MeasuredModel Measure(string name, DecoderFactory start, LoadedModel writer, IReadOnlyList<LoadedModel> models,
        IReadOnlyList<string> texts, int[][] prompts, PretrainedPromptSpec spec, CancellationToken cancellationToken,
        Action<int, IReadOnlyList<SampledOutput>>? eachPrompt = null)
    {
        var maxBatch = MaxBatch(models, prompts.Max(prompt => prompt.Length) + spec.MaxOutputTokens);
        var options = Options(spec, models, spec.MaxOutputTokens, maxBatch);
        var estimatorOptions = new BranchingFactorOptions(spec.Decoding, spec.SamplesPerPrompt, spec.MaxOutputTokens, spec.WindowSize, spec.MinAliveSamples);
        using var generator = new Generator((ulong)spec.SeedOf(SeedStream.Sampling), writer.Model.Device);
        var estimates = new List<PromptBranchingFactor>();
        var results = new List<PromptResult>();
        for (var index = 0; index < prompts.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outputs = Sample(start, prompts[index], spec.SamplesPerPrompt, options, maxBatch, generator);
            eachPrompt?.Invoke(index, outputs);
            var estimate = BranchingFactorEstimator.FromSamples(outputs, estimatorOptions);
            estimates.Add(estimate);
            results.Add(new PromptResult(texts[index], prompts[index].Length, estimate.MonteCarlo, estimate.Aep, EbfPerplexity(outputs),
                estimate.MeanOutputLength, Ended(outputs, options.EndTokens),
                [.. outputs.Take(ExamplesPerPrompt).Select(output => new OutputExample(Text(writer, output, options.EndTokens), Ends(output, options.EndTokens)))]));
        }
        var task = ModelBranchingFactor.Of(name, TaskBranchingFactor.Of(estimates));
        return new MeasuredModel(name, task, results.Average(result => result.EbfPerplexity), results.Average(result => result.EndedShare), results);
    }

    /// <summary>
    /// The reference code's <c>ebf_perplexity</c>, the quantity its figures plot: the mean over samples of exp(the sample's
    /// mean entropy) — at least the Monte-Carlo BF (Jensen). Computed here until the branching-factor estimators report
    /// it themselves.
    /// </summary>
    public static double EbfPerplexity(IReadOnlyList<SampledOutput> outputs) => outputs.Average(output => Math.Exp(output.MeanEntropy));

    /// <summary>An output as text, its end token left out.</summary>
    public static string Text(LoadedModel writer, SampledOutput output, IReadOnlyList<int> endTokens) =>
        writer.Tokenizer.Decode(output.Tokens.Where(token => !endTokens.Contains(token)));

    /// <summary>Share of the outputs that ended with an end token rather than at the length limit.</summary>
    public static double Ended(IReadOnlyList<SampledOutput> outputs, IReadOnlyList<int> endTokens) =>
        outputs.Count(output => Ends(output, endTokens)) / (double)outputs.Count;

    private static bool Ends(SampledOutput output, IReadOnlyList<int> endTokens) => output.Length > 0 && endTokens.Contains(output.Tokens[^1]);
}

/// <summary>One model (or a mixture) measured on a run's prompts.</summary>
/// <param name="Name">"model", "base", "aligned", "nudged"</param>
/// <param name="BranchingFactor">BF by both estimators, over output position and per prompt (<see cref="ModelBranchingFactor"/>)</param>
/// <param name="EbfPerplexity">the reference code's ebf_perplexity, mean over the prompts</param>
/// <param name="EndedShare">outputs that ended with an end token rather than at the length limit</param>
public sealed record MeasuredModel(string Name, ModelBranchingFactor BranchingFactor, double EbfPerplexity, double EndedShare, IReadOnlyList<PromptResult> Prompts);

/// <summary>One prompt's measurement.</summary>
/// <param name="PromptTokens">the prompt's tokens as the model read it (with its chat template when asked)</param>
/// <param name="Examples">the first few outputs as text</param>
public sealed record PromptResult(string Prompt, int PromptTokens, double MonteCarlo, double Aep, double EbfPerplexity, double MeanOutputLength,
    double EndedShare, IReadOnlyList<OutputExample> Examples);

/// <summary>An output as text, and whether it ended with an end token (or at the length limit).</summary>
public sealed record OutputExample(string Text, bool Ended);
