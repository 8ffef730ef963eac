using Workbench.Engine.Tokens;

namespace Workbench.Engine.Tests;

public class VocabularyTests
{
    private readonly Vocabulary vocabulary = new(["p0", "p1", "c0", "c1"]);

    [Fact]
    public void Special_tokens_come_first_and_task_tokens_follow_in_order()
    {
        Assert.Equal(3 + 4, vocabulary.Count);
        Assert.Equal(Vocabulary.Pad, vocabulary.IdOf("<pad>"));
        Assert.Equal(Vocabulary.Begin, vocabulary.IdOf("<bos>"));
        Assert.Equal(Vocabulary.End, vocabulary.IdOf("<eos>"));
        Assert.Equal(3, vocabulary.IdOf("p0"));
        Assert.Equal(6, vocabulary.IdOf("c1"));
    }

    [Fact]
    public void Encode_and_decode_are_inverse()
    {
        var tokens = vocabulary.Encode("c1 c0  p1 <eos>");
        Assert.Equal([6, 5, 4, Vocabulary.End], tokens);
        Assert.Equal("c1 c0 p1 <eos>", vocabulary.Decode(tokens));
    }

    [Fact]
    public void Unknown_names_are_rejected_and_unknown_ids_shown()
    {
        Assert.Throws<KeyNotFoundException>(() => vocabulary.Encode("c0 c9 p0"));
        Assert.Equal("c0 <unk:99> <unk:-1>", vocabulary.Decode([5, 99, -1]));
        Assert.False(vocabulary.Contains(99));
    }

    [Fact]
    public void Token_names_must_be_unique_single_words()
    {
        Assert.Throws<ArgumentException>(() => new Vocabulary(["c0", "c0"]));
        Assert.Throws<ArgumentException>(() => new Vocabulary(["<eos>"]));
        Assert.Throws<ArgumentException>(() => new Vocabulary(["c 0"]));
    }
}
