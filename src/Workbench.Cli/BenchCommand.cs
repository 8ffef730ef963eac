using System.CommandLine;
using System.Diagnostics;
using Workbench.Engine;
using Workbench.Engine.Creativity;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench bench</c>: how fast the engine trains and samples at the default spec's size. A benchmark,
/// not a test: it prints numbers and asserts nothing. Training throughput counts the token positions the
/// model reads per step (batch × sequence length − 1); sampling throughput counts whole answers.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured repetitions, after one warm-up.", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "Training steps per repetition.", DefaultValueFactory = _ => 100 };
        var answers = new Option<int>("--answers") { Description = "Answers sampled per repetition.", DefaultValueFactory = _ => 1024 };
        var command = new Command("bench", "Measure training tokens/second and sampled answers/second at the default spec's size.")
        {
            threads, repetitions, steps, answers,
        };
        command.SetAction(parsed => Run(parsed.GetValue(threads), parsed.GetValue(repetitions), parsed.GetValue(steps), parsed.GetValue(answers)));
        return command;
    }

    private static int Run(int? threads, int repetitions, int steps, int answers)
    {
        var environment = TorchRuntime.Configure(threads);
        var spec = new CreativitySpec { TrainingSteps = steps, EvaluationSamples = answers };
        var task = CreativityExperiment.CreateTask(spec);
        var tokensPerStep = (double)spec.BatchSize * (task.TrainingExamples[0].Length - 1);
        Console.WriteLine($"{environment.Device}, {environment.Threads} threads, TorchSharp {environment.TorchSharpVersion}, libtorch {environment.LibTorchVersion}");
        Console.WriteLine($"default spec: width {spec.Width}, depth {spec.Depth}, heads {spec.Heads}, batch {spec.BatchSize}, " +
                          $"vocabulary {task.Vocabulary.Count}; {steps} steps and {answers} answers (temperature {spec.Temperature}) per repetition");
        Console.WriteLine();
        Console.WriteLine($"{"repetition",-10} {"train tokens/s",15} {"ms/step",8} {"answers/s",10}");

        var trainingRates = new List<double>();
        var samplingRates = new List<double>();
        for (var repetition = 0; repetition <= repetitions; repetition++)
        {
            using var model = CreativityExperiment.CreateModel(spec, task);
            var clock = Stopwatch.StartNew();
            CreativityExperiment.Train(spec, task, model, new IgnoreProgress(), CancellationToken.None);
            var trainingSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            CreativityExperiment.Generate(spec, task, model, CancellationToken.None);
            var samplingSeconds = clock.Elapsed.TotalSeconds;

            var trainingRate = steps * tokensPerStep / trainingSeconds;
            var samplingRate = answers / samplingSeconds;
            if (repetition > 0)
            {
                trainingRates.Add(trainingRate);
                samplingRates.Add(samplingRate);
            }
            var label = repetition == 0 ? "warm-up" : repetition.ToString();
            Console.WriteLine($"{label,-10} {trainingRate,15:N0} {1000 * trainingSeconds / steps,8:F1} {samplingRate,10:N0}");
        }
        if (repetitions > 0)
            Console.WriteLine($"{"median",-10} {Median(trainingRates),15:N0} {1000 * tokensPerStep / Median(trainingRates),8:F1} {Median(samplingRates),10:N0}");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed class IgnoreProgress : IExperimentObserver
    {
        public void DatasetGenerated(DatasetSummary dataset) { }
        public void TrainingStepCompleted(TrainingStep step) { }
        public void ModelTrained(ModelCheckpoint checkpoint) { }
    }
}
