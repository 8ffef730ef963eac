using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Pretrained;
using static TorchSharp.torch;

namespace Workbench.Cli.Pretrained;

/// <summary>
/// <c>workbench bench-pretrained --model DIR</c>: how fast the engine scores a sequence with a pretrained model — one
/// forward pass over (1, tokens), logits for every position — and the process's peak memory. A benchmark, not a test;
/// <c>infra/bench-pretrained.sh</c> runs it beside Debian's PyTorch on the same weights.
/// </summary>
public static class BenchPretrainedCommand
{
    public static Command Create()
    {
        var model = LocalModelCommand.ModelOption();
        var tokens = new Option<int>("--tokens") { Description = "Tokens scored per forward pass.", DefaultValueFactory = _ => 512 };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured forward passes, after one warm-up.", DefaultValueFactory = _ => 5 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var command = new Command("bench-pretrained", "Measure scoring tokens/second and peak memory of a pretrained model folder.") { model, tokens, repetitions, threads };
        command.SetAction(parsed => LocalModelCommand.Run(parsed, output =>
        {
            var environment = TorchRuntime.Configure(parsed.GetValue(threads));
            var clock = Stopwatch.StartNew();
            var folder = ModelFolder.Open(parsed.GetRequiredValue(model).FullName);
            using var loaded = folder.Load();
            var loadSeconds = clock.Elapsed.TotalSeconds;
            var count = Math.Min(parsed.GetValue(tokens), loaded.ContextLength);
            using var generator = new Generator(1);
            using var ids = randint(0, loaded.VocabularySize, [1, count], generator: generator);
            using var positions = arange(count, ScalarType.Int64).unsqueeze(0);
            var rates = new List<double>();
            for (var repetition = 0; repetition <= parsed.GetValue(repetitions); repetition++)
            {
                clock.Restart();
                using (loaded.Forward(ids, positions)) { }
                if (repetition > 0) rates.Add(count / clock.Elapsed.TotalSeconds);
            }
            var result = new
            {
                implementation = "workbench (TorchSharp)",
                environment.Threads,
                parameters = loaded.ParameterCount,
                tokens = count,
                loadSeconds = Math.Round(loadSeconds, 2),
                tokensPerSecond = Math.Round(rates.Order().ElementAt(rates.Count / 2), 1),
                peakMemoryBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            };
            output.WriteLine(JsonSerializer.Serialize(result, LocalModelCommand.Json));
            return 0;
        }));
        return command;
    }
}
