using Workbench.Engine.Creativity;
using Workbench.Engine.Model;
using Workbench.Engine.Tokens;
using Workbench.Engine.Training;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

public class SeedConditioningTests
{
    public SeedConditioningTests() => TestTorch.Configure();

    [Fact]
    public void Prefixes_have_the_asked_length_use_only_reserved_tokens_and_are_fresh_each_time()
    {
        var prefixes = new SeedPrefixes(length: 6, firstToken: 20, tokens: 10, seed: 1);
        var drawn = Enumerable.Range(0, 50).Select(_ => prefixes.Next()).ToList();
        Assert.All(drawn, prefix =>
        {
            Assert.Equal(6, prefix.Length);
            Assert.All(prefix, token => Assert.InRange(token, 20, 29));
        });
        Assert.Equal(50, drawn.Select(prefix => string.Join(' ', prefix)).Distinct().Count());
        Assert.Equal([Vocabulary.Begin, .. new SeedPrefixes(6, 20, 10, 1).Next()], new SeedPrefixes(6, 20, 10, 1).After([Vocabulary.Begin]));
        Assert.Empty(SeedPrefixes.None.Next());
    }

    [Fact]
    public void Every_training_sequence_gets_its_own_prefix_after_its_prompt_kept_for_the_run()
    {
        var vocabulary = new Vocabulary(["a", "b"]);
        TrainingExample[] examples = [.. Enumerable.Range(0, 6).Select(_ => new TrainingExample([Vocabulary.Begin], vocabulary.Encode("a b <eos>")))];
        var batches = new TrainingBatches(examples, batchSize: 6, seed: 1, new SeedPrefixes(4, vocabulary.Count, 16, 3));
        var epochs = Enumerable.Range(0, 3).Select(_ => batches.Next()).ToList(); // one epoch per batch
        Assert.All(epochs.SelectMany(batch => batch), example =>
        {
            Assert.Equal(5, example.Prompt.Length);
            Assert.Equal(Vocabulary.Begin, example.Prompt[0]);
            Assert.All(example.Prompt[1..], token => Assert.InRange(token, vocabulary.Count, vocabulary.Count + 15));
            Assert.Equal(vocabulary.Encode("a b <eos>"), example.Answer);
        });
        string[] Prompts(TrainingExample[] batch) => [.. batch.Select(example => string.Join(' ', example.Prompt)).Order()];
        Assert.Equal(6, Prompts(epochs[0]).Distinct().Count());   // each sequence its own prefix
        Assert.Equal(Prompts(epochs[0]), Prompts(epochs[1]));     // the same prefixes every epoch
        Assert.Equal(Prompts(epochs[0]), Prompts(epochs[2]));
        Assert.Equal(1 + 4 + 3, batches.LongestSequence);
    }

    [Fact]
    public void Prefix_tokens_are_not_scored()
    {
        // The first prefix token after <bos> is random across sequences: were it scored, the loss could not approach zero.
        var vocabulary = new Vocabulary(["a", "b"]);
        TrainingExample[] examples = [.. Enumerable.Range(0, 32).Select(_ => new TrainingExample([Vocabulary.Begin], vocabulary.Encode("a b <eos>")))];
        var tokens = new ModelTokens(vocabulary.Count, HasMask: false, PrefixTokens: 16);
        using var generator = new Generator(1);
        using var model = new Transformer(new TransformerShape(tokens.Count, 10, 16, 1, 2), generator);
        using var training = new NextTokenTraining(model, examples, batchSize: 8, learningRate: 1e-2, seed: 1, TorchRuntime.Device,
            new SeedPrefixes(6, tokens.FirstPrefix, tokens.PrefixTokens, 2));
        var losses = Enumerable.Range(0, 40).Select(_ => training.Step()).ToList();
        Assert.True(losses[^1] < 0.05, $"final loss {losses[^1]:F3}");
    }

    [Theory]
    [InlineData(TrainingObjective.NextToken)]
    [InlineData(TrainingObjective.Teacherless)]
    [InlineData(TrainingObjective.TeacherlessParallel)]
    public void Greedy_answers_differ_only_through_fresh_evaluation_prefixes(TrainingObjective objective)
    {
        var spec = new CreativitySpec
        {
            Task = CreativityTask.CircleConstruction, Objective = objective, ConstructionNodes = 6, StructureNodes = 3, TrainingFraction = 0.5,
            Width = 32, Depth = 1, Heads = 2, Temperature = 0, EvaluationSamples = 32, SeedPrefixVocabulary = 64, Seed = 3,
        };
        int Distinct(CreativitySpec variant)
        {
            var task = CreativityExperiment.CreateTask(variant);
            using var model = CreativityExperiment.CreateModel(variant, task);
            return CreativityExperiment.Generate(variant, task, model, CancellationToken.None).Select(answer => string.Join(' ', answer)).Distinct().Count();
        }
        Assert.Equal(1, Distinct(spec));
        Assert.True(Distinct(spec with { SeedPrefixLength = 8 }) > 1);
    }

    [Fact]
    public void Model_tokens_put_the_mask_then_the_prefix_tokens_after_the_task_tokens()
    {
        var task = new Vocabulary(["a"]);
        var tokens = new ModelTokens(task.Count, HasMask: true, PrefixTokens: 3);
        Assert.Equal(4, tokens.Mask);
        Assert.Equal(5, tokens.FirstPrefix);
        Assert.Equal(8, tokens.Count);
        Assert.Equal("a <mask> <s0> <s2> <unk:8>", string.Join(' ', new[] { 3, 4, 5, 7, 8 }.Select(id => tokens.NameOf(task, id))));
        Assert.Throws<InvalidOperationException>(() => new ModelTokens(4, HasMask: false, 0).Mask);
    }
}
