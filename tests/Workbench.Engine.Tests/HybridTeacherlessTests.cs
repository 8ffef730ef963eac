using Workbench.Engine.Creativity;
using Workbench.Engine.Tokens;
using Workbench.Engine.Training;

namespace Workbench.Engine.Tests;

/// <summary>
/// The authors' hybrid teacherless training (<c>*/teacherless/*_hybrid.ipynb</c>): what the model reads and is scored on,
/// per task, token for token as their notebooks build it (dummy <c>&lt;|endoftext|&gt;</c> there, <c>&lt;mask&gt;</c> here),
/// and that it learns what the parallel objective cannot.
/// </summary>
public class HybridTeacherlessTests
{
    public HybridTeacherlessTests() => TestTorch.Configure();

    private const long X = NextTokenTraining.NotScored;

    /// <summary>One example as the model sees it: the tokens it reads, and the target at each position (X: none).</summary>
    private static (string Reads, long[] Targets) Seen(TrainingExample example, ICreativityTask task, ModelTokens tokens)
    {
        var (inputs, targets) = NextTokenTraining.ShiftedBatch([example], tokens.Mask, TorchRuntime.Device);
        var read = inputs.data<long>().Select(id => tokens.NameOf(task.Vocabulary, (int)id));
        return (string.Join(' ', read), targets.data<long>().ToArray());
    }

    private static long[] Ids(ICreativityTask task, string text) => [.. task.Vocabulary.Encode(text).Select(id => (long)id)];

    [Fact]
    public void Sibling_adds_two_one_token_copies_per_answer_predicting_the_second_child_and_the_parent()
    {
        var spec = new CreativitySpec { Objective = TrainingObjective.Teacherless };
        var task = CreativityExperiment.CreateTask(spec);
        var tokens = CreativityExperiment.TokensOf(spec, task);
        var mixed = CreativityExperiment.HybridExamples(spec, task, SeedPrefixes.None);
        Assert.Equal(3 * task.TrainingAnswers.Count, mixed.Count);

        var answer = task.Vocabulary.Decode(task.TrainingAnswers[0]).Split(' '); // b1 b2 a <eos>
        var (b1, b2, a) = (answer[0], answer[1], answer[2]);
        // The next-token example: "<q> b1 b2 a </a>" teacher-forced.
        var ntp = Seen(mixed[0], task, tokens);
        Assert.Equal($"<bos> {b1} {b2} {a}", ntp.Reads);
        Assert.Equal(Ids(task, $"{b1} {b2} {a} <eos>"), ntp.Targets);
        // [prefix<q> pad] → b2: the dummy stands where b1 was, and b2 alone is scored.
        var second = Seen(mixed[1], task, tokens);
        Assert.Equal("<bos> <mask>", second.Reads);
        Assert.Equal([X, .. Ids(task, b2)], second.Targets);
        // [prefix<q> pad pad] → a.
        var parent = Seen(mixed[2], task, tokens);
        Assert.Equal("<bos> <mask> <mask>", parent.Reads);
        Assert.Equal([X, X, .. Ids(task, a)], parent.Targets);
    }

    [Fact]
    public void Triangle_adds_a_whole_teacherless_copy_to_about_half_the_triangles_and_none_to_the_edges()
    {
        // The edge format is the authors': "tri: a b <sep> b c <sep> c a </a>", copied as "tri:" and nine dummies.
        var spec = new CreativitySpec { Task = CreativityTask.TriangleDiscovery, Objective = TrainingObjective.Teacherless, TriangleFormat = TriangleAnswerFormat.Edges };
        var task = CreativityExperiment.CreateTask(spec);
        var tokens = CreativityExperiment.TokensOf(spec, task);
        var mixed = CreativityExperiment.HybridExamples(spec, task, SeedPrefixes.None);
        var copies = mixed.Where(example => example.HiddenInputs > 0).ToList();
        Assert.InRange(copies.Count, task.TrainingAnswers.Count / 4, 3 * task.TrainingAnswers.Count / 4);
        Assert.All(copies, copy => Assert.Equal(task.AnswerPrompt, copy.Prompt));
        Assert.Equal(task.TrainingExamples.Count + copies.Count, mixed.Count);

        var copy = copies[0];
        var seen = Seen(copy, task, tokens);
        Assert.Equal("<bos> triangle " + string.Join(' ', Enumerable.Repeat("<mask>", 8)), seen.Reads);
        Assert.Equal([X, .. copy.Answer.Select(id => (long)id)], seen.Targets);
        Assert.Equal(9, copy.Answer.Length);
        // Each copy follows its own answer's next-token example.
        var at = mixed.ToList().IndexOf(copy);
        Assert.Equal(copy.Answer, mixed[at - 1].Answer);
        Assert.Equal(0, mixed[at - 1].HiddenInputs);
    }

    [Theory]
    [InlineData(CreativityTask.CircleConstruction)]
    [InlineData(CreativityTask.LineConstruction)]
    public void Circles_and_lines_add_three_whole_teacherless_copies_per_answer(CreativityTask kind)
    {
        var spec = new CreativitySpec { Task = kind, Objective = TrainingObjective.Teacherless };
        var task = CreativityExperiment.CreateTask(spec);
        var tokens = CreativityExperiment.TokensOf(spec, task);
        var mixed = CreativityExperiment.HybridExamples(spec, task, SeedPrefixes.None);
        Assert.Equal(4 * task.TrainingAnswers.Count, mixed.Count);
        for (var i = 0; i < task.TrainingAnswers.Count; i++)
        {
            Assert.Equal(0, mixed[4 * i].HiddenInputs);
            Assert.All(mixed.Skip(4 * i + 1).Take(3), copy =>
            {
                Assert.Equal(task.TrainingAnswers[i], copy.Answer);
                var seen = Seen(copy, task, tokens);
                Assert.Equal("<bos> " + string.Join(' ', Enumerable.Repeat("<mask>", copy.Answer.Length - 1)), seen.Reads);
                Assert.Equal(copy.Answer.Select(id => (long)id), seen.Targets);
            });
        }
    }

    [Fact]
    public void Copies_read_their_answers_seed_prefix_and_the_share_of_copies_is_a_parameter()
    {
        var spec = new CreativitySpec { Task = CreativityTask.CircleConstruction, Objective = TrainingObjective.Teacherless, SeedPrefixLength = 4, TeacherlessCopies = 1 };
        var task = CreativityExperiment.CreateTask(spec);
        var tokens = CreativityExperiment.TokensOf(spec, task);
        var prefixes = new SeedPrefixes(4, tokens.FirstPrefix, tokens.PrefixTokens, SeedPlan.From(spec.Seed).TrainingPrefixes);
        var mixed = CreativityExperiment.HybridExamples(spec, task, prefixes);
        Assert.Equal(2 * task.TrainingAnswers.Count, mixed.Count);
        for (var i = 0; i < mixed.Count; i += 2) Assert.Equal(mixed[i].Prompt, mixed[i + 1].Prompt);
        Assert.NotEqual(mixed[0].Prompt, mixed[2].Prompt);
        Assert.Equal(task.TrainingAnswers.Count, CreativityExperiment.HybridExamples(spec with { TeacherlessCopies = 0 }, task, SeedPrefixes.None).Count);
    }

    [Fact]
    public void Hybrid_teacherless_on_the_default_sibling_task_writes_coherent_answers_far_above_one_in_parents_squared()
    {
        // A model that learnt only each position's marginal would be coherent 1/parents² of the time (0.01 here).
        var spec = new CreativitySpec { Objective = TrainingObjective.Teacherless, TrainingSteps = 300, EvaluationSamples = 256 };
        var outcome = CreativityExperiment.Run(spec, new SilentObserver(), CancellationToken.None);
        Assert.True(outcome.Metrics.CoherenceRate > 10.0 / (spec.Parents * spec.Parents), $"coherence {outcome.Metrics.CoherenceRate:F3}");
        Assert.True(outcome.Metrics.CreativityScore > 0.05, $"creativity {outcome.Metrics.CreativityScore:F3}");
    }
}
