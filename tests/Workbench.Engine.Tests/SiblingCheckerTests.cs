using Workbench.Engine.Creativity;
using Workbench.Engine.Tokens;

namespace Workbench.Engine.Tests;

/// <summary>The checker on <see cref="TwoFamilies"/>: p0 → c0 c1 c2, p1 → c3 c4 c5; trained on "c0 c1 p0", "c4 c3 p1".</summary>
public class SiblingCheckerTests
{
    private readonly SiblingDiscovery task = TwoFamilies.Task();

    [Theory]
    [InlineData("c0 c2 p0 <eos>")]
    [InlineData("c2 c1 p0 <eos>")]
    [InlineData("c5 c3 p1 <eos>")]
    public void Two_distinct_children_of_the_named_parent_are_coherent_and_new(string answer)
    {
        var judgement = task.Judge(task.Answer(answer));
        Assert.True(judgement.Coherent);
        Assert.False(judgement.Memorized);
    }

    [Theory]
    [InlineData("c0 c1 p0 <eos>")]
    [InlineData("c1 c0 p0 <eos>")] // the training answer with its children swapped
    [InlineData("c3 c4 p1 <eos>")]
    public void An_answer_equivalent_to_a_training_answer_is_memorized(string answer)
    {
        var judgement = task.Judge(task.Answer(answer));
        Assert.True(judgement.Coherent);
        Assert.True(judgement.Memorized);
    }

    [Fact]
    public void Equivalence_ignores_the_order_of_the_children_only()
    {
        string Key(string answer) => task.Judge(task.Answer(answer)).EquivalenceKey;
        Assert.Equal(Key("c0 c2 p0 <eos>"), Key("c2 c0 p0 <eos>"));
        Assert.NotEqual(Key("c0 c2 p0 <eos>"), Key("c0 c1 p0 <eos>"));
        Assert.NotEqual(Key("c0 c2 p0 <eos>"), Key("c0 c2 p1 <eos>"));
        Assert.NotEqual(Key("c0 c2 p0 <eos>"), Key("c0 c2 p0"));
    }

    [Theory]
    [InlineData("c0 c0 p0 <eos>")]      // the same child twice
    [InlineData("c0 c3 p0 <eos>")]      // children of different parents
    [InlineData("c3 c0 p1 <eos>")]
    [InlineData("c0 c1 p1 <eos>")]      // siblings, but not of the parent named
    [InlineData("c0 p0 c1 <eos>")]      // the parent in a child's slot
    [InlineData("p0 c0 c1 <eos>")]
    [InlineData("c0 c1 c2 <eos>")]      // no parent at all
    [InlineData("p0 p0 p0 <eos>")]
    [InlineData("c0 c1 <eos>")]         // too short
    [InlineData("<eos>")]
    [InlineData("")]
    [InlineData("c0 c1 p0 c2 <eos>")]   // too long
    [InlineData("c0 c1 p0 <eos> <eos>")]
    [InlineData("c0 c1 p0")]            // no end token
    [InlineData("c0 c1 p0 c2")]         // cut off at the length limit
    [InlineData("<bos> c0 c1 p0")]      // special tokens where nodes belong
    [InlineData("c0 <pad> p0 <eos>")]
    public void Anything_else_is_incoherent_and_never_memorized(string answer)
    {
        var judgement = task.Judge(task.Answer(answer));
        Assert.False(judgement.Coherent);
        Assert.False(judgement.Memorized);
    }

    [Fact]
    public void Token_ids_outside_the_vocabulary_are_incoherent()
    {
        var c0 = task.Vocabulary.IdOf("c0");
        var p0 = task.Vocabulary.IdOf("p0");
        int[][] answers = [[c0, 999, p0, Vocabulary.End], [c0, c0 + 1, -1, Vocabulary.End], [c0, c0 + 1, p0, 999]];
        foreach (var answer in answers)
        {
            var judgement = task.Judge(answer);
            Assert.False(judgement.Coherent);
            Assert.False(judgement.Memorized);
        }
    }

    [Fact]
    public void A_malformed_answer_is_equivalent_only_to_the_same_tokens()
    {
        var key = task.Judge(task.Answer("c0 c1 p0")).EquivalenceKey;
        Assert.Equal(key, task.Judge(task.Answer("c0 c1 p0")).EquivalenceKey);
        Assert.NotEqual(key, task.Judge(task.Answer("c1 c0 p0")).EquivalenceKey);
        Assert.NotEqual(key, task.Judge(task.Answer("c0 c1 p0 <eos>")).EquivalenceKey);
    }
}
