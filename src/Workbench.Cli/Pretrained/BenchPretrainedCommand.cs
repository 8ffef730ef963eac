using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Generation;
using Workbench.Engine.Pretrained;
using static TorchSharp.torch;

namespace Workbench.Cli.Pretrained;

/// <summary>
/// <c>workbench bench-pretrained --model DIR [--generate N --batch 1 8]</c>: how fast the engine scores a sequence with
/// a pretrained model — one forward pass over (1, tokens), logits for every position — and, when asked, how fast the
/// generation engine writes N greedy tokens (key/value cache) after random prompts, per batch size; each with the
/// process's peak resident memory during that measurement alone (the peak is reset after loading and between
/// measurements). Prints JSON with the prompts and the tokens written, so that <c>infra/bench-pretrained.sh</c> can
/// have Debian's PyTorch do the same work on the same weights and check it wrote the same tokens. A benchmark, not a test.
/// </summary>
public static class BenchPretrainedCommand
{
    public static Command Create()
    {
        var model = LocalModelCommand.ModelOption();
        var tokens = new Option<int>("--tokens") { Description = "Tokens scored per forward pass.", DefaultValueFactory = _ => 512 };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured runs of each measurement, after one warm-up.", DefaultValueFactory = _ => 5 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var generate = new Option<int>("--generate") { Description = "Greedy tokens written after each prompt (0: measure scoring only).", DefaultValueFactory = _ => 0 };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Tokens of every (random) prompt.", DefaultValueFactory = _ => 8 };
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes to generate with, e.g. --batch 1 8.", DefaultValueFactory = _ => [1], AllowMultipleArgumentsPerToken = true };
        var command = new Command("bench-pretrained", "Measure scoring and generation tokens/second and peak memory of a pretrained model folder.")
        {
            model, tokens, repetitions, threads, generate, promptTokens, batches,
        };
        command.SetAction(parsed => LocalModelCommand.Run(parsed, output =>
        {
            var (runs, newTokens, promptLength) = (parsed.GetValue(repetitions), parsed.GetValue(generate), parsed.GetValue(promptTokens));
            if (parsed.GetValue(tokens) < 1) throw new ArgumentException("--tokens must be at least 1.");
            if (runs < 1) throw new ArgumentException("--repetitions must be at least 1.");
            if (newTokens < 0) throw new ArgumentException("--generate must be 0 (off) or more.");
            if (promptLength < 1) throw new ArgumentException("--prompt-tokens must be at least 1.");
            var sizes = parsed.GetRequiredValue(batches);
            if (sizes.Length == 0 || sizes.Any(size => size < 1)) throw new ArgumentException("--batch: give batch sizes of at least 1.");
            var environment = TorchRuntime.Configure(parsed.GetValue(threads));
            var clock = Stopwatch.StartNew();
            var folder = ModelFolder.Open(parsed.GetRequiredValue(model).FullName);
            using var loaded = folder.Load();
            var loadSeconds = clock.Elapsed.TotalSeconds;
            var loadPeak = ProcessMeasure.PeakResidentBytes();
            if (newTokens > 0 && promptLength + newTokens > loaded.ContextLength)
                throw new ArgumentException($"--prompt-tokens {promptLength} and --generate {newTokens} exceed the model's context of {loaded.ContextLength}.");

            var count = Math.Min(parsed.GetValue(tokens), loaded.ContextLength);
            using var generator = new Generator(1);
            using var ids = randint(0, loaded.VocabularySize, [1, count], generator: generator);
            using var positions = arange(count, ScalarType.Int64).unsqueeze(0);
            var scoring = Measure(runs, count, () => { using (loaded.Forward(ids, positions)) { } });

            var random = new Random(1);
            var generation = (newTokens == 0 ? [] : sizes).Select(batch =>
            {
                var prompts = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, promptLength).Select(_ => random.Next(loaded.VocabularySize)).ToArray()).ToArray();
                var options = new GenerationOptions(newTokens, new Decoding(Temperature: 0), EndTokens: [], MaxBatch: batch);
                IReadOnlyList<SampledOutput> written = [];
                var measured = Measure(runs, batch * newTokens, () => written = GenerationEngine.Generate(loaded, prompts, options, generator));
                return new { batch, promptTokens = promptLength, newTokens, measured.TokensPerSecond, measured.TokensPerCpuSecond, measured.PeakMemoryBytes,
                    prompts, written = written.Select(output => output.Tokens) };
            }).ToList();

            var result = new
            {
                implementation = "workbench (TorchSharp)",
                environment.Threads,
                parameters = loaded.ParameterCount,
                repetitions = runs,
                loadSeconds = Math.Round(loadSeconds, 2),
                loadPeakMemoryBytes = loadPeak,
                scoring = new { tokens = count, scoring.TokensPerSecond, scoring.TokensPerCpuSecond, scoring.PeakMemoryBytes },
                generation,
            };
            output.WriteLine(JsonSerializer.Serialize(result, LocalModelCommand.Json));
            return 0;
        }));
        return command;
    }

    /// <param name="PeakMemoryBytes">the process's peak resident memory during the measurement (weights included)</param>
    private sealed record Measured(double TokensPerSecond, double TokensPerCpuSecond, long PeakMemoryBytes);

    /// <summary>One warm-up run, then the median rates of <paramref name="runs"/> runs, and the peak memory of them all.</summary>
    private static Measured Measure(int runs, long tokens, Action run)
    {
        TorchRuntime.ReleaseFreedHostMemory();
        ProcessMeasure.ResetPeak();
        run();
        var rates = Enumerable.Range(0, runs).Select(_ => ProcessMeasure.TokensPerSecond(run, tokens)).ToList();
        var median = rates.Count / 2;
        return new Measured(Math.Round(rates.Select(rate => rate.Wall).Order().ElementAt(median), 1),
            Math.Round(rates.Select(rate => rate.Cpu).Order().ElementAt(median), 1), ProcessMeasure.PeakResidentBytes());
    }
}
