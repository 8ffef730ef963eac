using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using Workbench.Engine.Model;
using Workbench.Engine.Sampling;
using Workbench.Engine.Training;
using static TorchSharp.torch;

namespace Workbench.Engine.Creativity;

/// <summary>
/// One creativity run: generate the task, train, sample, score. Every random choice comes from the spec's
/// seed, so on the CPU the same spec and thread count give bit-identical losses and samples.
/// Computes on the device <see cref="TorchRuntime.Configure"/> chose.
/// </summary>
public static class CreativityExperiment
{
    /// <summary>Answers are generated this many at a time, which bounds memory whatever EvaluationSamples is.</summary>
    private const int SamplingBatch = 1024;

    /// <exception cref="ArgumentException">the spec is invalid</exception>
    /// <exception cref="OperationCanceledException">cancelled; checked before every training step and sampling batch</exception>
    public static CreativityOutcome Run(CreativitySpec spec, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid spec: " + string.Join("; ", errors.Select(error => $"{error.Field} {error.Message}")), nameof(spec));

        var task = CreateTask(spec);
        observer.DatasetGenerated(new DatasetSummary(task.TrainingExamples.Count, task.ValidAnswerCount, ContentHash(task), task.Vocabulary.Count));

        using var model = CreateModel(spec, task);
        var finalLoss = Train(spec, task, model, observer, cancellationToken);
        observer.ModelTrained(new ModelCheckpoint("model", spec.TrainingSteps, ModelCheckpoint.WeightsOf(model)));
        var answers = Generate(spec, task, model, cancellationToken);
        var (metrics, samples) = CreativityScorer.Score(task, answers);
        return new CreativityOutcome(metrics, samples, finalLoss);
    }

    public static ICreativityTask CreateTask(CreativitySpec spec) => spec.Task switch
    {
        CreativityTask.SiblingDiscovery => SiblingDiscovery.Generate(spec.Parents, spec.ChildrenPerParent, spec.TrainingFraction, spec.Seed),
        _ => throw new NotSupportedException($"Task {spec.Task} is not implemented."),
    };

    /// <summary>The spec's transformer, initialised from its seed, on the configured device.</summary>
    public static Transformer CreateModel(CreativitySpec spec, ICreativityTask task)
    {
        var contextLength = Math.Max(task.TrainingExamples.Max(example => example.Length), task.AnswerPrompt.Length + task.MaxAnswerLength);
        var shape = new TransformerShape(task.Vocabulary.Count, contextLength, spec.Width, spec.Depth, spec.Heads);
        using var initialisation = new Generator((ulong)spec.Seed);
        var model = new Transformer(shape, initialisation);
        model.to(TorchRuntime.Device);
        return model;
    }

    /// <summary>Trains with the spec's objective, reporting every step.</summary>
    /// <returns>the loss of the last step</returns>
    public static double Train(CreativitySpec spec, ICreativityTask task, Transformer model, IExperimentObserver observer, CancellationToken cancellationToken)
    {
        using var training = spec.Objective switch
        {
            TrainingObjective.NextToken => new NextTokenTraining(model, task.TrainingExamples, spec.BatchSize, spec.LearningRate, spec.Seed, TorchRuntime.Device),
            _ => throw new NotSupportedException($"Objective {spec.Objective} is not implemented."),
        };
        var loss = double.NaN;
        for (var step = 1; step <= spec.TrainingSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            loss = training.Step();
            observer.TrainingStepCompleted(new TrainingStep(step, spec.TrainingSteps, loss));
        }
        return loss;
    }

    /// <summary>Generates the spec's evaluation answers (the set T) from the task's answer prompt.</summary>
    public static IReadOnlyList<int[]> Generate(CreativitySpec spec, ICreativityTask task, Transformer model, CancellationToken cancellationToken)
    {
        var answers = new List<int[]>(spec.EvaluationSamples);
        using var sampling = new Generator((ulong)spec.Seed, TorchRuntime.Device);
        while (answers.Count < spec.EvaluationSamples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Math.Min(SamplingBatch, spec.EvaluationSamples - answers.Count);
            var prompts = Enumerable.Repeat(task.AnswerPrompt, batch).ToList();
            answers.AddRange(AutoregressiveSampler.Sample(model, prompts, task.MaxAnswerLength, spec.Temperature, sampling));
        }
        return answers;
    }

    /// <summary>
    /// SHA-256 (lower-case hex) of the training sequences as text, one per line in training-set order
    /// (e.g. "&lt;bos&gt; c3 c7 p1 &lt;eos&gt;"): equal hashes mean the model saw the same data.
    /// </summary>
    public static string ContentHash(ICreativityTask task)
    {
        var text = string.Join('\n', task.TrainingExamples.Select(example => task.Vocabulary.Decode([.. example.Prompt, .. example.Answer])));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
