using Workbench.Engine.Creativity;
using Workbench.Engine.Generation;
using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using Workbench.Engine.Training;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

public class TrainingAndSamplingTests
{
    private static readonly CreativitySpec Tiny = new()
    {
        Parents = 3, ChildrenPerParent = 6, TrainingFraction = 0.5, TrainingSteps = 40, BatchSize = 16,
        Width = 32, Depth = 1, Heads = 2, LearningRate = 3e-3, EvaluationSamples = 64, Seed = 4,
    };

    public TrainingAndSamplingTests() => TestTorch.Configure();

    [Fact]
    public void A_few_steps_of_next_token_training_reduce_the_loss()
    {
        var task = CreativityExperiment.CreateTask(Tiny);
        using var model = CreativityExperiment.CreateModel(Tiny, task);
        using var training = new NextTokenTraining(model, task.TrainingExamples, Tiny.BatchSize, Tiny.LearningRate, Tiny.Seed, TorchRuntime.Device);
        var losses = Steps(training, Tiny.TrainingSteps);

        // Untrained, every answer token is a guess among the whole vocabulary.
        Assert.InRange(losses[0], 0.8 * Math.Log(task.Vocabulary.Count), 1.2 * Math.Log(task.Vocabulary.Count));
        Assert.True(losses.TakeLast(5).Average() < 0.7 * losses[0], $"loss went from {losses[0]:F3} to {losses[^1]:F3}");
    }

    [Fact]
    public void Training_is_repeatable_bit_for_bit()
    {
        Assert.Equal(TrainLosses(Tiny), TrainLosses(Tiny));
        Assert.NotEqual(TrainLosses(Tiny), TrainLosses(Tiny with { Seed = 5 }));
    }

    [Fact]
    public void Prompt_tokens_are_not_scored()
    {
        // One example whose prompt is long and random: if the prompt were scored, the loss could not reach zero.
        var vocabulary = new Vocabulary(["a", "b", "r0", "r1", "r2"]);
        TrainingExample[] examples = [new(vocabulary.Encode("<bos> r2 r0 r1 r2"), vocabulary.Encode("a b <eos>"))];
        using var generator = new Generator(1);
        using var model = new Transformer(new TransformerShape(vocabulary.Count, 8, 16, 1, 2), generator);
        using var training = new NextTokenTraining(model, examples, batchSize: 4, learningRate: 1e-2, seed: 1, TorchRuntime.Device);
        var loss = Steps(training, 60)[^1];
        Assert.True(loss < 0.05, $"final loss {loss:F3}");
    }

    [Fact]
    public void Sampling_with_a_fixed_seed_is_repeatable()
    {
        var task = CreativityExperiment.CreateTask(Tiny);
        using var model = CreativityExperiment.CreateModel(Tiny, task);
        var prompts = Enumerable.Repeat(task.AnswerPrompt, 32).ToList();
        int[][] Sample(ulong seed)
        {
            using var generator = new Generator(seed);
            return [.. GenerationEngine.Generate(model, prompts, new GenerationOptions(task.MaxAnswerLength, Decoding.Plain, [Vocabulary.End]), generator).Select(output => output.Tokens)];
        }

        var first = Sample(7);
        Assert.Equal(first, Sample(7));
        Assert.NotEqual(first, Sample(8));
        Assert.All(first, answer => Assert.True(answer.Length == task.MaxAnswerLength || answer[^1] == Vocabulary.End));
        Assert.All(first, answer => Assert.InRange(answer.Length, 1, task.MaxAnswerLength));
    }

    [Fact]
    public void Greedy_sampling_writes_the_most_likely_answer_every_time()
    {
        var task = CreativityExperiment.CreateTask(Tiny);
        using var model = CreativityExperiment.CreateModel(Tiny, task);
        using var generator = new Generator(1);
        var answers = GenerationEngine.Generate(model, Enumerable.Repeat(task.AnswerPrompt, 8).ToList(), new GenerationOptions(task.MaxAnswerLength, new Decoding(Temperature: 0), [Vocabulary.End]), generator)
            .Select(output => output.Tokens);
        Assert.Single(answers.Select(answer => string.Join(' ', answer)).Distinct());
    }

    private static List<double> TrainLosses(CreativitySpec spec)
    {
        var task = CreativityExperiment.CreateTask(spec);
        using var model = CreativityExperiment.CreateModel(spec, task);
        using var training = new NextTokenTraining(model, task.TrainingExamples, spec.BatchSize, spec.LearningRate, spec.Seed, TorchRuntime.Device);
        return Steps(training, 10);
    }

    private static List<double> Steps(NextTokenTraining training, int steps)
    {
        var losses = new List<double>();
        for (var step = 0; step < steps; step++) losses.Add(training.Step());
        return losses;
    }
}
