using Workbench.Engine.Creativity;
using Workbench.Engine.Generation;
using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using Workbench.Engine.Training;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

/// <summary>Teacherless and diffusion training on tiny cases, and their samplers.</summary>
public class ObjectiveTests
{
    private static readonly CreativitySpec Tiny = new()
    {
        Task = CreativityTask.CircleConstruction, ConstructionNodes = 5, StructureNodes = 3, TrainingFraction = 0.5,
        BatchSize = 16, Width = 32, Depth = 1, Heads = 2, LearningRate = 3e-3, Seed = 4,
    };

    public ObjectiveTests() => TestTorch.Configure();

    [Theory]
    [InlineData(TrainingObjective.NextToken)]
    [InlineData(TrainingObjective.Teacherless)]
    [InlineData(TrainingObjective.TeacherlessParallel)]
    [InlineData(TrainingObjective.Diffusion)]
    public void A_few_steps_reduce_the_loss(TrainingObjective objective)
    {
        var spec = Tiny with { Objective = objective };
        var task = CreativityExperiment.CreateTask(spec);
        using var model = CreativityExperiment.CreateModel(spec, task);
        using var training = CreativityExperiment.CreateObjective(spec, task, model);
        var losses = Enumerable.Range(0, 40).Select(_ => training.Step()).ToList();
        Assert.True(losses.TakeLast(5).Average() < 0.7 * losses.Take(3).Average(), $"loss went from {losses[0]:F3} to {losses[^1]:F3}");
    }

    [Fact]
    public void Diffusion_needs_a_bidirectional_model_and_the_others_a_causal_one()
    {
        var task = CreativityExperiment.CreateTask(Tiny);
        using var diffusion = CreativityExperiment.CreateModel(Tiny with { Objective = TrainingObjective.Diffusion }, task);
        using var teacherless = CreativityExperiment.CreateModel(Tiny with { Objective = TrainingObjective.Teacherless }, task);
        Assert.False(diffusion.Shape.Causal);
        Assert.True(teacherless.Shape.Causal);
        // Comparable sizes: the same weights but for nothing; the mask token adds one row to the embedding and head.
        using var nextToken = CreativityExperiment.CreateModel(Tiny, task);
        Assert.Equal(Parameters(diffusion), Parameters(teacherless));
        Assert.Equal(Parameters(nextToken) + 2 * Tiny.Width, Parameters(diffusion));
        Assert.Throws<ArgumentException>(() => new DiffusionTraining(teacherless, task.TrainingExamples, 4, 1e-3, 1, TorchRuntime.Device,
            mask: task.Vocabulary.Count, task.MaxAnswerLength, 1));
    }

    [Theory]
    [InlineData(TrainingObjective.TeacherlessParallel)]
    [InlineData(TrainingObjective.Diffusion)]
    public void Learns_a_single_answer_and_writes_it_back(TrainingObjective objective)
    {
        var vocabulary = new Vocabulary(["a", "b", "c"]);
        TrainingExample[] examples = [new([Vocabulary.Begin], vocabulary.Encode("c a b <eos>"))];
        var tokens = new ModelTokens(vocabulary.Count, HasMask: true, PrefixTokens: 0);
        using var init = new Generator(1);
        using var model = new Transformer(new TransformerShape(tokens.Count, 6, 16, 1, 2, Causal: objective != TrainingObjective.Diffusion), init);
        using ITrainingObjective training = objective == TrainingObjective.TeacherlessParallel
            ? new NextTokenTraining(model, [.. examples.Select(example => example.AllHidden())], 8, 1e-2, 1, TorchRuntime.Device, dummy: tokens.Mask)
            : new DiffusionTraining(model, examples, 8, 1e-2, 1, TorchRuntime.Device, tokens.Mask, answerLength: 5, noiseSeed: 1);
        for (var step = 0; step < 80; step++) training.Step();

        using var generator = new Generator(2);
        var decoding = new Decoding(0, WritableTokens: tokens.TaskTokens);
        var prompts = Enumerable.Repeat(new[] { Vocabulary.Begin }, 4).ToList();
        var answers = objective == TrainingObjective.TeacherlessParallel
            ? TeacherlessSampler.Sample(model, prompts, 5, tokens.Mask, decoding, generator)
            : DiffusionSampler.Sample(model, prompts, 5, steps: 5, tokens.Mask, decoding, generator);
        Assert.All(answers, answer => Assert.Equal("c a b <eos>", vocabulary.Decode(answer)));
    }

    [Theory]
    [InlineData(TrainingObjective.NextToken, 0)]
    [InlineData(TrainingObjective.Teacherless, 0)]
    [InlineData(TrainingObjective.TeacherlessParallel, 0)]
    [InlineData(TrainingObjective.Diffusion, 0)]
    [InlineData(TrainingObjective.Diffusion, 2)]
    [InlineData(TrainingObjective.Diffusion, 100)]
    public void Samplers_write_well_formed_answers_of_task_tokens_only(TrainingObjective objective, int diffusionSteps)
    {
        var spec = Tiny with
        {
            Objective = objective, SeedPrefixLength = 3, SeedPrefixVocabulary = 8, Temperature = 2, EvaluationSamples = 40, DiffusionSteps = diffusionSteps,
            DiffusionUnmasking = diffusionSteps > 50 ? DiffusionUnmasking.Ancestral : DiffusionUnmasking.FixedCount,
        };
        var task = CreativityExperiment.CreateTask(spec);
        using var model = CreativityExperiment.CreateModel(spec, task); // untrained: anything may come out
        var answers = CreativityExperiment.Generate(spec, task, model, CancellationToken.None);
        Assert.Equal(40, answers.Count);
        Assert.All(answers, answer =>
        {
            Assert.InRange(answer.Length, 1, task.MaxAnswerLength);
            Assert.True(answer.Length == task.MaxAnswerLength || answer[^1] == Vocabulary.End);
            Assert.Equal(answer.Length - 1, Array.IndexOf(answer, Vocabulary.End) is var end && end >= 0 ? end : answer.Length - 1);
            Assert.All(answer, token => Assert.InRange(token, 0, task.Vocabulary.Count - 1)); // never the mask or a prefix token
        });
    }

    [Fact]
    public void Diffusion_unmasks_in_the_number_of_steps_asked_for()
    {
        using var init = new Generator(1);
        using var model = new Transformer(new TransformerShape(8, 7, 16, 1, 2, Causal: false), init);
        using var generator = new Generator(1);
        var prompts = Enumerable.Repeat(new[] { Vocabulary.Begin }, 3).ToList();
        foreach (var steps in new[] { 1, 3, 6 })
            Assert.All(DiffusionSampler.Sample(model, prompts, 6, steps, mask: 7, new Decoding(1.0, WritableTokens: 7), generator),
                answer => Assert.DoesNotContain(7, answer));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiffusionSampler.Sample(model, prompts, 6, 7, 7, new Decoding(1.0), generator));
    }

    [Fact]
    public void The_elbo_loss_trains_and_the_ancestral_sampler_writes_a_learnt_answer_back_in_128_steps()
    {
        var vocabulary = new Vocabulary(["a", "b", "c"]);
        TrainingExample[] examples = [new([Vocabulary.Begin], vocabulary.Encode("c a b <eos>"))];
        var tokens = new ModelTokens(vocabulary.Count, HasMask: true, PrefixTokens: 0);
        using var init = new Generator(1);
        using var model = new Transformer(new TransformerShape(tokens.Count, 6, 16, 1, 2, Causal: false), init);
        using var training = new DiffusionTraining(model, examples, 8, 1e-2, 1, TorchRuntime.Device, tokens.Mask, answerLength: 5, noiseSeed: 1,
            loss: DiffusionLoss.Elbo);
        var losses = Enumerable.Range(0, 80).Select(_ => training.Step()).ToList();
        Assert.True(losses.TakeLast(5).Average() < 0.2 * losses.Take(3).Average(), $"loss went from {losses[0]:F3} to {losses[^1]:F3}");

        using var generator = new Generator(2);
        var prompts = Enumerable.Repeat(new[] { Vocabulary.Begin }, 4).ToList();
        var answers = DiffusionSampler.Sample(model, prompts, 5, steps: 128, tokens.Mask, new Decoding(0, WritableTokens: tokens.TaskTokens), generator,
            DiffusionUnmasking.Ancestral);
        Assert.All(answers, answer => Assert.Equal("c a b <eos>", vocabulary.Decode(answer)));
        // One ancestral step reveals everything at once.
        Assert.All(DiffusionSampler.Sample(model, prompts, 5, steps: 1, tokens.Mask, new Decoding(0, WritableTokens: tokens.TaskTokens), generator,
            DiffusionUnmasking.Ancestral), answer => Assert.DoesNotContain(tokens.Mask, answer));
    }

    [Fact]
    public void With_a_warm_up_the_first_update_leaves_the_weights_as_they_were()
    {
        var task = CreativityExperiment.CreateTask(Tiny);
        using var model = CreativityExperiment.CreateModel(Tiny, task);
        var before = model.parameters().Select(parameter => parameter.clone()).ToList();
        using var training = new NextTokenTraining(model, task.TrainingExamples, 8, 1e-2, 1, TorchRuntime.Device,
            optimizer: new OptimizerOptions(WeightDecay: 0.01, WarmupSteps: 10, ClipNorm: 1));
        training.Step();
        Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.equal(pair.Second).all().item<bool>()));
        training.Step();
        Assert.Contains(model.parameters().Zip(before), pair => !pair.First.equal(pair.Second).all().item<bool>());
    }

    private static long Parameters(Transformer model) => model.parameters().Sum(parameter => parameter.numel());
}
