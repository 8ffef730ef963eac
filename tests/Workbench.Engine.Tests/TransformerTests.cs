using Workbench.Engine.Model;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

public class TransformerTests
{
    private static readonly TransformerShape Shape = new(VocabularySize: 11, ContextLength: 6, Width: 16, Depth: 2, Heads: 4);

    public TransformerTests() => TestTorch.Configure();

    [Fact]
    public void Gives_next_token_logits_at_every_position()
    {
        using var generator = new Generator(1);
        using var model = new Transformer(Shape, generator);
        using var tokens = tensor(new long[,] { { 1, 3, 4 }, { 1, 5, 6 } });
        using var logits = model.call(tokens);
        Assert.Equal([2L, 3L, 11L], logits.shape);
    }

    [Fact]
    public void A_position_never_sees_later_tokens()
    {
        using var generator = new Generator(1);
        using var model = new Transformer(Shape, generator);
        using var scope = NewDisposeScope();
        var logits = model.call(tensor(new long[,] { { 1, 3, 4, 7, 8 }, { 1, 3, 4, 9, 2 } })); // same first three tokens
        Assert.True(Same(logits[0].slice(0, 0, 3, 1), logits[1].slice(0, 0, 3, 1)));
        Assert.False(Same(logits[0][4], logits[1][4]));
    }

    [Fact]
    public void The_same_generator_seed_gives_the_same_weights()
    {
        using var first = new Generator(42);
        using var second = new Generator(42);
        using var other = new Generator(43);
        using var a = new Transformer(Shape, first);
        using var b = new Transformer(Shape, second);
        using var c = new Transformer(Shape, other);
        var pairs = a.parameters().Zip(b.parameters(), c.parameters()).ToList();
        Assert.All(pairs, p => Assert.True(Same(p.First, p.Second)));
        Assert.Contains(pairs, p => !Same(p.First, p.Third));
    }

    [Fact]
    public void Sequences_longer_than_the_context_are_rejected()
    {
        using var generator = new Generator(1);
        using var model = new Transformer(Shape, generator);
        using var tokens = zeros(1, 7, dtype: ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => model.call(tokens));
    }

    /// <summary>Bit-identical (TorchSharp's <c>equal</c> compares element-wise).</summary>
    private static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();
}
