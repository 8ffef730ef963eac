using Workbench.Engine.Model;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tokens;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests;

public class DecodingAndCacheTests
{
    private static readonly TransformerShape Shape = new(VocabularySize: 13, ContextLength: 10, Width: 16, Depth: 2, Heads: 2);

    public DecodingAndCacheTests() => TestTorch.Configure();

    [Fact]
    public void Cached_logits_equal_those_of_reading_the_whole_sequence()
    {
        using var generator = new Generator(3);
        using var model = new Transformer(Shape, generator);
        using var scope = NewDisposeScope();
        model.eval();
        using var noGrad = no_grad();
        var tokens = tensor(new long[,] { { 1, 5, 7, 3, 9, 4, 8 }, { 1, 6, 6, 2, 3, 11, 12 } });
        var whole = model.call(tokens);                                              // (2, 7, 13)
        using var cache = model.NewCache();
        var pieces = new List<Tensor> { model.Forward(tokens.slice(1, 0, 3, 1), cache) };
        for (var t = 3; t < 7; t++) pieces.Add(model.Forward(tokens.slice(1, t, t + 1, 1), cache));
        Assert.Equal(7, cache.Length);
        Assert.True(whole.allclose(cat(pieces, 1), rtol: 1e-5, atol: 1e-6));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 0)]
    [InlineData(2.0, 4)]
    public void The_cached_sampler_writes_the_same_answers_as_the_uncached_one(double temperature, int topK)
    {
        using var init = new Generator(5);
        using var model = new Transformer(Shape, init);
        var prompts = Enumerable.Range(0, 64).Select(i => new[] { Vocabulary.Begin, 3 + i % 10 }).ToList();
        int[][] Sample(bool cached)
        {
            using var generator = new Generator(9);
            return AutoregressiveSampler.Sample(model, prompts, maxAnswerLength: 8, new Decoding(temperature, topK), generator, cached);
        }
        Assert.Equal(Sample(cached: false), Sample(cached: true));
    }

    [Fact]
    public void A_cache_is_only_for_causal_models_reading_one_token_at_a_time_after_the_prompt()
    {
        using var init = new Generator(5);
        using var bidirectional = new Transformer(Shape with { Causal = false }, init);
        using var causal = new Transformer(Shape, init);
        using var tokens = tensor(new long[,] { { 1, 5 } });
        Assert.Throws<InvalidOperationException>(() => bidirectional.Forward(tokens, bidirectional.NewCache()));
        using var cache = causal.NewCache();
        using var noGrad = no_grad();
        causal.Forward(tokens, cache).Dispose();
        Assert.Throws<ArgumentException>(() => causal.Forward(tokens, cache));
    }

    [Fact]
    public void A_bidirectional_model_lets_earlier_positions_see_later_tokens()
    {
        using var init = new Generator(1);
        using var model = new Transformer(Shape with { Causal = false }, init);
        using var scope = NewDisposeScope();
        var logits = model.call(tensor(new long[,] { { 1, 3, 4, 7 }, { 1, 3, 4, 9 } }));
        Assert.False(logits[0][0].eq(logits[1][0]).all().item<bool>());
    }

    [Fact]
    public void Top_one_sampling_is_greedy_and_only_writable_tokens_are_written()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var logits = tensor(new float[,] { { 0, 5, 1, 9 }, { 3, 0, 2, 1 }, { 0, 1, 0, 0 } });
        Assert.Equal(new long[] { 3, 0, 1 }, new Decoding(1.0, TopK: 1).Choose(logits, generator).squeeze(1).data<long>().ToArray());
        Assert.Equal(new long[] { 3, 0, 1 }, new Decoding(0).Choose(logits, generator).squeeze(1).data<long>().ToArray());
        Assert.Equal(new long[] { 1, 0, 1 }, new Decoding(0, WritableTokens: 3).Choose(logits, generator).squeeze(1).data<long>().ToArray());
        for (var draw = 0; draw < 20; draw++)
        {
            var chosen = new Decoding(5.0, TopK: 2, WritableTokens: 3).Choose(logits, generator).squeeze(1).data<long>().ToArray();
            Assert.Contains(chosen[0], new long[] { 1, 2 });
            Assert.Contains(chosen[1], new long[] { 0, 2 });
        }
    }
}
