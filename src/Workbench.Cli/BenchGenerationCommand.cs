using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using Workbench.Engine;
using Workbench.Engine.Generation;
using Workbench.Engine.Model;
using static TorchSharp.torch;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench bench-generation</c>: how fast the generation engine writes, and how much memory it takes, with a
/// randomly initialised transformer of the given shape: per output length, generated tokens per second, the process's
/// peak resident memory, and (up to 64 tokens) the tokens per second of re-reading every sequence at every step.
/// Each output length runs in a fresh child process, so that each peak is that length's own (the kernel's high-water
/// mark, VmHWM, only ever rises). A benchmark: it prints numbers and asserts nothing.
/// </summary>
public static class BenchGenerationCommand
{
    /// <summary>The naive re-reading path is quadratic in the output length: measured only up to this many tokens.</summary>
    private const int NaiveUpTo = 64;

    private const long Megabyte = 1 << 20;

    public static Command Create()
    {
        var width = new Option<int>("--width") { Description = "Channels per token.", Required = true };
        var depth = new Option<int>("--depth") { Description = "Transformer blocks.", Required = true };
        var heads = new Option<int>("--heads") { Description = "Attention heads per block (must divide the width).", Required = true };
        var vocabulary = new Option<int>("--vocabulary") { Description = "Tokens the model reads and writes.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Outputs written at once.", Required = true };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Tokens of every (random) prompt.", Required = true };
        var outputTokens = new Option<string>("--output-tokens") { Description = "Output lengths to measure, e.g. 64,256,1024.", Required = true };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {outputTokens, tokensPerSecond, peakMemoryBytes, naiveTokensPerSecond}." };
        var inProcess = new Option<bool>("--in-process") { Description = "Measure one output length in this process (what each child does).", Hidden = true };
        var command = new Command("bench-generation", "Measure the generation engine's tokens/second and peak memory per output length.")
        {
            width, depth, heads, vocabulary, batch, promptTokens, outputTokens, threads, json, inProcess,
        };
        command.SetAction(parsed =>
        {
            var shape = new BenchShape(parsed.GetValue(width), parsed.GetValue(depth), parsed.GetValue(heads), parsed.GetValue(vocabulary),
                parsed.GetValue(batch), parsed.GetValue(promptTokens));
            var lengths = Lengths(parsed.GetRequiredValue(outputTokens));
            var errors = shape.Errors().Concat(lengths is null ? ["--output-tokens: give positive whole numbers separated by commas, e.g. 64,256,1024"] : []).ToList();
            foreach (var error in errors) Console.Error.WriteLine(error);
            if (errors.Count > 0) return 2;
            return parsed.GetValue(inProcess)
                ? MeasureHere(shape, lengths![0], parsed.GetValue(threads))
                : MeasureEach(shape, lengths!, parsed.GetValue(threads), parsed.GetValue(json));
        });
        return command;
    }

    /// <param name="Batch">rows written at once</param>
    private sealed record BenchShape(int Width, int Depth, int Heads, int Vocabulary, int Batch, int PromptTokens)
    {
        public IEnumerable<string> Errors()
        {
            if (Width < 1) yield return "--width: must be at least 1";
            if (Depth < 1) yield return "--depth: must be at least 1";
            if (Heads < 1 || Width % Heads != 0) yield return "--heads: must be at least 1 and divide --width";
            if (Vocabulary < 2) yield return "--vocabulary: must be at least 2";
            if (Batch < 1) yield return "--batch: must be at least 1";
            if (PromptTokens < 1) yield return "--prompt-tokens: must be at least 1";
        }

        public IEnumerable<string> Arguments() =>
        [
            "--width", Text(Width), "--depth", Text(Depth), "--heads", Text(Heads), "--vocabulary", Text(Vocabulary),
            "--batch", Text(Batch), "--prompt-tokens", Text(PromptTokens),
        ];

        /// <summary>Bytes of the key-value cache for outputs of <paramref name="outputTokens"/> (the last token is never read back).</summary>
        public long CacheBytes(int outputTokens) => 2L * Depth * Batch * Width * (PromptTokens + outputTokens - 1) * sizeof(float);
    }

    /// <summary>One output length, as a child process measures it.</summary>
    /// <param name="TokensPerCpuSecond">per second of this process's CPU time: on a shared machine the wall clock also measures the neighbours</param>
    private sealed record Measurement(int OutputTokens, double TokensPerSecond, double TokensPerCpuSecond, long PeakMemoryBytes, double? NaiveTokensPerSecond,
        double? NaiveTokensPerCpuSecond, long WeightsBytes, long CacheBytes);

    private static int MeasureEach(BenchShape shape, int[] lengths, int? threads, bool json)
    {
        var measurements = new List<Measurement>();
        foreach (var length in lengths)
        {
            var measured = InChild(shape, length, threads);
            if (measured is null) return 1;
            measurements.Add(measured);
        }
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(measurements.Select(measured => new
            {
                outputTokens = measured.OutputTokens,
                tokensPerSecond = measured.TokensPerSecond,
                peakMemoryBytes = measured.PeakMemoryBytes,
                naiveTokensPerSecond = measured.NaiveTokensPerSecond,
            })));
            return 0;
        }
        Console.WriteLine($"width {shape.Width}, depth {shape.Depth}, heads {shape.Heads}, vocabulary {shape.Vocabulary}, batch {shape.Batch}, " +
                          $"prompts of {shape.PromptTokens} tokens; weights {measurements[0].WeightsBytes / (double)Megabyte:F0} MB");
        Console.WriteLine($"{"output",7} {"tokens/s",10} {"per CPU s",10} {"peak MB",9} {"cache MB",9} {"bound MB",9} {"naive tokens/s",15} {"per CPU s",10} {"cached/naive",13}");
        foreach (var measured in measurements)
        {
            // The issue's goal: peak ≤ 1.3 × (weights + cache + 200 MB).
            var bound = 1.3 * (measured.WeightsBytes + measured.CacheBytes + 200 * Megabyte);
            Console.WriteLine($"{measured.OutputTokens,7} {measured.TokensPerSecond,10:N0} {measured.TokensPerCpuSecond,10:N0} " +
                              $"{measured.PeakMemoryBytes / (double)Megabyte,9:N0} {measured.CacheBytes / (double)Megabyte,9:N0} {bound / Megabyte,9:N0} " +
                              $"{Rate(measured.NaiveTokensPerSecond),15} {Rate(measured.NaiveTokensPerCpuSecond),10} " +
                              $"{(measured.NaiveTokensPerCpuSecond is { } rate ? (measured.TokensPerCpuSecond / rate).ToString("F1", CultureInfo.InvariantCulture) : "–"),13}");
        }
        return 0;
    }

    /// <summary>Runs this command again for one length in a fresh process and reads its measurement.</summary>
    private static Measurement? InChild(BenchShape shape, int outputTokens, int? threads)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        // Under `dotnet workbench.dll` the process is the dotnet host, which needs the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(BenchGenerationCommand).Assembly.Location);
        foreach (var argument in (string[])["bench-generation", .. shape.Arguments(), "--output-tokens", Text(outputTokens), "--in-process"]) start.ArgumentList.Add(argument);
        if (threads is { } count) { start.ArgumentList.Add("--threads"); start.ArgumentList.Add(Text(count)); }
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            Console.Error.WriteLine($"measuring {outputTokens} output tokens failed (exit code {child.ExitCode})");
            return null;
        }
        return JsonSerializer.Deserialize<Measurement>(output, JsonSerializerOptions.Web);
    }

    private static int MeasureHere(BenchShape shape, int outputTokens, int? threads)
    {
        var environment = TorchRuntime.Configure(threads);
        Console.Error.WriteLine($"{outputTokens} output tokens on {environment.Device}, {environment.Threads} threads");
        using var init = new Generator(1);
        using var model = new Transformer(new TransformerShape(shape.Vocabulary, shape.PromptTokens + outputTokens, shape.Width, shape.Depth, shape.Heads), init);
        model.to(TorchRuntime.Device);
        var random = new Random(1);
        var prompts = Enumerable.Range(0, shape.Batch).Select(_ => Enumerable.Range(0, shape.PromptTokens).Select(_ => random.Next(shape.Vocabulary)).ToArray()).ToList();
        var options = new GenerationOptions(outputTokens, Decoding.Plain, EndTokens: [], MaxBatch: shape.Batch);
        using var generator = new Generator(1, TorchRuntime.Device);

        GenerationEngine.Generate(model, prompts, options with { MaxNewTokens = 2 }, generator); // warm-up: kernels and allocator
        var tokens = shape.Batch * outputTokens;
        var cached = ProcessMeasure.TokensPerSecond(() => GenerationEngine.Generate(model, prompts, options, generator), tokens);
        var peak = ProcessMeasure.PeakResidentBytes();
        (double Wall, double Cpu)? naive = outputTokens <= NaiveUpTo
            ? ProcessMeasure.TokensPerSecond(() => GenerationEngine.Generate(model, prompts, options with { ReuseCache = false }, generator), tokens)
            : null;
        var weights = model.parameters().Sum(parameter => parameter.NumberOfElements * parameter.ElementSize);
        Console.WriteLine(JsonSerializer.Serialize(new Measurement(outputTokens, cached.Wall, cached.Cpu, peak, naive?.Wall, naive?.Cpu, weights,
            shape.CacheBytes(outputTokens)), JsonSerializerOptions.Web));
        return 0;
    }

    private static string Rate(double? rate) => rate is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) : "–";

    private static int[]? Lengths(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var lengths = parts.Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > 0 ? length : -1).ToArray();
        return lengths.Length == 0 || lengths.Any(length => length < 0) ? null : lengths;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
