using Workbench.Engine.Creativity;

namespace Workbench.Engine.Tests;

public class CreativityScorerTests
{
    [Fact]
    public void Scores_a_hand_made_sample_set()
    {
        var task = TwoFamilies.Task();
        string[] generated =
        [
            "c0 c2 p0 <eos>", // coherent, new
            "c2 c0 p0 <eos>", // coherent, new, duplicate of the first
            "c1 c0 p0 <eos>", // memorized
            "c3 c5 p1 <eos>", // coherent, new
            "c0 c0 p0 <eos>", // incoherent: the same child twice
            "c0 c1",          // incoherent: cut off
            "c0 c1 p0 <eos>", // memorized, duplicate of the third
            "c3 c4 p1 <eos>", // memorized
        ];

        var (metrics, samples) = CreativityScorer.Score(task, [.. generated.Select(task.Answer)]);

        Assert.Equal(8, metrics.Generated);
        Assert.Equal(2.0 / 8, metrics.CreativityScore);  // {c0 c2 p0}, {c3 c5 p1}
        Assert.Equal(3.0 / 8, metrics.MemorizationRate);
        Assert.Equal(6.0 / 8, metrics.CoherenceRate);
        Assert.Equal(6.0 / 8, metrics.UniquenessRate);   // 8 answers in 6 equivalence classes
        // The authors' scores of the same answers: strings, children in the order written, no distinctness check with one pool.
        Assert.Equal(7.0 / 8, metrics.Reference.Coherence);   // all but the cut-off one, "c0 c0 p0" included
        Assert.Equal(1.0 / 8, metrics.Reference.Memorization); // only "c0 c1 p0" is a training string ("c4 c3 p1" is, "c3 c4 p1" is not)
        Assert.Equal(6.0 / 8, metrics.Reference.Creativity);  // c0 c2, c2 c0, c1 c0, c3 c5, c0 c0, c3 c4
        Assert.Equal(7.0 / 8, metrics.Reference.Diversity);
        Assert.Equal(generated, samples.Select(sample => sample.Text));
        Assert.Equal([true, true, true, true, false, false, true, true], samples.Select(sample => sample.Coherent));
        Assert.Equal([false, false, true, false, false, false, true, true], samples.Select(sample => sample.Memorized));
        Assert.Equal([false, true, false, false, false, false, true, false], samples.Select(sample => sample.Duplicate));
    }

    [Fact]
    public void Repeating_one_new_answer_scores_one_over_the_number_generated()
    {
        var task = TwoFamilies.Task();
        var (metrics, _) = CreativityScorer.Score(task, [.. Enumerable.Repeat(task.Answer("c0 c2 p0 <eos>"), 4)]);
        Assert.Equal(0.25, metrics.CreativityScore);
        Assert.Equal(1.0, metrics.CoherenceRate);
        Assert.Equal(0.25, metrics.UniquenessRate);
    }

    [Fact]
    public void Nothing_to_score_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => CreativityScorer.Score(TwoFamilies.Task(), []));
    }
}
