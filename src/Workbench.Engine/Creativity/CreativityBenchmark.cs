using System.Diagnostics;
using Workbench.Engine.Generation;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.Creativity;

/// <summary>
/// <c>workbench bench</c>: how fast the engine trains and samples at the default spec's size, for any task and
/// objective. A benchmark, not a test: it prints numbers and asserts nothing. Training throughput counts the token
/// positions the model reads per step (batch × (longest sequence − 1) for next-token and teacherless, batch × (prompt +
/// answer canvas) for diffusion); sampling throughput counts whole answers, generated the way the objective decodes.
/// </summary>
public static class CreativityBenchmark
{
    /// <param name="output">where the table goes</param>
    /// <returns>0, or 2 after writing the spec's errors to <paramref name="errors"/></returns>
    /// <param name="paper">the task's paper-size preset (<see cref="CreativityPresets.Paper"/>) rather than the defaults; its seed prefix unless one is given</param>
    public static int Run(int? threads, int repetitions, int steps, int answers, CreativityTask creativityTask, TrainingObjective objective, int? seedPrefix,
        TextWriter output, TextWriter errors, bool paper = false)
    {
        var start = paper ? CreativityPresets.Paper(creativityTask) : new CreativitySpec { Task = creativityTask };
        var spec = start with
        {
            TrainingSteps = steps, EvaluationSamples = answers, Objective = objective, SeedPrefixLength = seedPrefix ?? start.SeedPrefixLength,
            EvaluationEvery = 0, DecodeTemperatures = null, DecodeTopKs = null,
        };
        foreach (var error in spec.Validate()) errors.WriteLine($"{error.Field} {error.Message}");
        if (spec.Validate().Count > 0) return 2;
        var environment = TorchRuntime.Configure(threads);
        var task = CreativityExperiment.CreateTask(spec);
        var tokensPerStep = (double)spec.BatchSize * (spec.Objective == TrainingObjective.Diffusion
            ? task.TrainingExamples.Max(example => example.Prompt.Length) + spec.SeedPrefixLength + task.MaxAnswerLength
            : task.TrainingExamples.Max(example => example.Length) + spec.SeedPrefixLength - 1);
        output.WriteLine($"{environment.Device}, {environment.Threads} threads, TorchSharp {environment.TorchSharpVersion}, libtorch {environment.LibTorchVersion}");
        output.WriteLine($"{spec.Title}: width {spec.Width}, depth {spec.Depth}, heads {spec.Heads}, batch {spec.BatchSize}, " +
                          $"vocabulary {task.Vocabulary.Count}; {steps} steps and {answers} answers (temperature {spec.Temperature}) per repetition");
        output.WriteLine($"about {TrainingFlopsPerStep(spec, task, tokensPerStep) / 1e9:N1} GFLOP per training step " +
                          $"({tokensPerStep:N0} token positions; 3 × (2 × weights multiplied + 4 × blocks × context × width) per position)");
        output.WriteLine();
        // Next-token sampling is also timed without the key-value cache, to show what the cache buys.
        var compareUncached = spec.Objective == TrainingObjective.NextToken && spec.SeedPrefixLength == 0;
        output.WriteLine($"{"repetition",-10} {"train tokens/s",15} {"ms/step",8} {"answers/s",10}" + (compareUncached ? $" {"uncached/s",10}" : ""));

        var trainingRates = new List<double>();
        var samplingRates = new List<double>();
        var uncachedRates = new List<double>();
        for (var repetition = 0; repetition <= repetitions; repetition++)
        {
            using var model = CreativityExperiment.CreateModel(spec, task);
            var clock = Stopwatch.StartNew();
            CreativityExperiment.Train(spec, task, model, new IgnoreProgress(), CancellationToken.None);
            var trainingSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            CreativityExperiment.Generate(spec, task, model, CancellationToken.None);
            var samplingSeconds = clock.Elapsed.TotalSeconds;

            var uncachedRate = compareUncached ? answers / TimeUncached(spec, task, model) : double.NaN;

            var trainingRate = steps * tokensPerStep / trainingSeconds;
            var samplingRate = answers / samplingSeconds;
            if (repetition > 0)
            {
                trainingRates.Add(trainingRate);
                samplingRates.Add(samplingRate);
                uncachedRates.Add(uncachedRate);
            }
            var label = repetition == 0 ? "warm-up" : repetition.ToString();
            output.WriteLine($"{label,-10} {trainingRate,15:N0} {1000 * trainingSeconds / steps,8:F1} {samplingRate,10:N0}" + (compareUncached ? $" {uncachedRate,10:N0}" : ""));
        }
        if (repetitions > 0)
            output.WriteLine($"{"median",-10} {Median(trainingRates),15:N0} {1000 * tokensPerStep / Median(trainingRates),8:F1} {Median(samplingRates),10:N0}" +
                              (compareUncached ? $" {Median(uncachedRates),10:N0}" : ""));
        return 0;
    }

    /// <summary>
    /// Floating-point operations of one training step, estimated as is usual for transformers (Kaplan et al. 2020): a forward
    /// pass costs 2 per weight multiplied per token position (12·depth·width² in the blocks, width·vocabulary in the head)
    /// plus 4·depth·context·width for the attention scores and their weighted sum; the backward pass twice that.
    /// </summary>
    /// <param name="tokensPerStep">token positions the model reads per step</param>
    public static double TrainingFlopsPerStep(CreativitySpec spec, ICreativityTask task, double tokensPerStep)
    {
        double width = spec.Width, depth = spec.Depth;
        var vocabulary = CreativityExperiment.TokensOf(spec, task).Count;
        var context = tokensPerStep / spec.BatchSize;
        var forwardPerToken = 2 * (12 * depth * width * width + width * vocabulary) + 4 * depth * context * width;
        return 3 * forwardPerToken * tokensPerStep;
    }

    /// <returns>seconds to sample the spec's answers as <see cref="CreativityExperiment.Generate"/> does, but re-reading every sequence each step</returns>
    private static double TimeUncached(CreativitySpec spec, ICreativityTask task, Workbench.Engine.Model.Transformer model)
    {
        const int batch = 1024;
        var options = new GenerationOptions(task.MaxAnswerLength, new Decoding(spec.Temperature, spec.TopK, WritableTokens: task.Vocabulary.Count),
            [Vocabulary.End], ReuseCache: false);
        using var generator = new TorchSharp.torch.Generator((ulong)spec.Seed);
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < spec.EvaluationSamples; done += batch)
            GenerationEngine.Generate(model, Enumerable.Repeat(task.AnswerPrompt, Math.Min(batch, spec.EvaluationSamples - done)).ToList(), options, generator);
        return clock.Elapsed.TotalSeconds;
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
