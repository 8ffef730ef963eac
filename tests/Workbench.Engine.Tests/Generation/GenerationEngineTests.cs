using Workbench.Engine.Generation;
using Workbench.Engine.Model;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests.Generation;

/// <summary>The engine against independent references: the model read whole, and each prompt decoded alone.</summary>
public class GenerationEngineTests
{
    private static readonly TransformerShape Shape = new(VocabularySize: 13, ContextLength: 16, Width: 16, Depth: 2, Heads: 2);

    public GenerationEngineTests() => TestTorch.Configure();

    [Theory]
    [InlineData(16, 2, 2)]
    [InlineData(32, 1, 4)]
    [InlineData(48, 3, 3)]
    public void Cached_logits_equal_those_of_reading_the_whole_sequence(int width, int depth, int heads)
    {
        using var init = new Generator(3);
        using var model = new Transformer(Shape with { Width = width, Depth = depth, Heads = heads }, init);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var tokens = tensor(new long[,] { { 1, 5, 7, 3, 9, 4, 8, 2, 6 }, { 1, 6, 6, 2, 3, 11, 12, 0, 5 } });
        var positions = arange(9).unsqueeze(0).expand(2, 9);
        var whole = model.call(tokens);                                                        // (2, 9, 13)
        using var cache = model.NewCache(2, 9);
        // A prompt, then a chunk of several tokens after cached ones (the explicit causal mask), then one at a time.
        var pieces = new List<Tensor>
        {
            model.Forward(tokens.narrow(1, 0, 3), positions.narrow(1, 0, 3), null, cache, logitsToKeep: 0),
            model.Forward(tokens.narrow(1, 3, 3), positions.narrow(1, 3, 3), null, cache, logitsToKeep: 0),
        };
        for (var t = 6; t < 9; t++) pieces.Add(model.Forward(tokens.narrow(1, t, 1), positions.narrow(1, t, 1), null, cache, logitsToKeep: 0));

        Assert.Equal(9, cache.Length);
        Assert.True(whole.allclose(cat(pieces, 1), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void A_left_padded_batch_gives_every_prompt_the_logits_it_has_alone()
    {
        using var init = new Generator(4);
        using var model = new Transformer(Shape, init);
        int[][] prompts = [[1, 3], [1, 4, 5, 6, 7, 8], [9], [1, 2, 3]];
        using var scope = NewDisposeScope();
        var together = GenerationEngine.NextTokenLogits(model, prompts);                        // (4, 13)
        for (var row = 0; row < prompts.Length; row++)
        {
            var alone = model.call(tensor(prompts[row].Select(token => (long)token).ToArray(), [1, prompts[row].Length])).select(1, -1); // (1, 13)
            Assert.True(alone.squeeze(0).allclose(together[row], rtol: 1e-5, atol: 1e-6), $"prompt {row}");
        }
    }

    [Fact]
    public void Greedy_outputs_of_prompts_of_different_lengths_are_those_each_prompt_writes_alone()
    {
        using var init = new Generator(5);
        using var model = new Transformer(Shape, init);
        int[][] prompts = [[1, 3], [1, 4, 5, 6, 7], [9], [1, 2, 3], [4, 4]];
        var options = new GenerationOptions(MaxNewTokens: 8, new Decoding(Temperature: 0), EndTokens: [], Measure: true);

        var together = Generate(model, prompts, options);

        for (var row = 0; row < prompts.Length; row++)
            Assert.Equal(Generate(model, [prompts[row]], options)[0].Tokens, together[row].Tokens);
        Assert.All(together, output => Assert.Equal(8, output.Length));
        Assert.All(together, output => Assert.All(output.LogProbabilities, logProbability => Assert.Equal(0, logProbability)));
    }

    [Fact]
    public void Rows_dropped_once_half_have_finished_keep_writing_their_own_outputs()
    {
        using var init = new Generator(6);
        using var model = new Transformer(Shape, init);
        var prompts = Enumerable.Range(0, 16).Select(i => new[] { 1, 3 + i % 10, i % 7 }).ToArray();
        var endless = Generate(model, prompts, new GenerationOptions(8, new Decoding(Temperature: 0), EndTokens: []));
        // The end token that stops most rows early but not all of them: the engine then drops rows mid-way.
        var end = Enumerable.Range(0, Shape.VocabularySize)
            .Select(token => (Token: token, Ends: endless.Select(output => Array.IndexOf(output.Tokens, token)).ToArray()))
            .Where(candidate => candidate.Ends.Any(at => at < 0 || at == 7))
            .MaxBy(candidate => candidate.Ends.Count(at => at is >= 0 and < 4));
        var lengths = end.Ends.Select(at => at < 0 ? 8 : at + 1).ToArray();
        Assert.True(Enumerable.Range(1, 6).Any(step => DroppedAfter(lengths, step)), "no step drops rows: the test would not exercise it");

        var stopped = Generate(model, prompts, new GenerationOptions(8, new Decoding(Temperature: 0), EndTokens: [end.Token]));

        for (var row = 0; row < prompts.Length; row++)
            Assert.Equal(endless[row].Tokens[..lengths[row]], stopped[row].Tokens);
    }

    [Theory]
    [InlineData(1.0, 0, 1.0, 0.0)]
    [InlineData(2.0, 4, 1.0, 0.0)]
    [InlineData(1.0, 0, 0.8, 0.0)]
    [InlineData(1.5, 0, 1.0, 0.2)]
    public void Sampling_through_the_cache_writes_what_re_reading_every_sequence_writes(double temperature, int topK, double topP, double minP)
    {
        using var init = new Generator(7);
        using var model = new Transformer(Shape, init);
        var prompts = Enumerable.Range(0, 24).Select(i => Enumerable.Range(0, 1 + i % 4).Select(j => (3 + i + j) % 13).ToArray()).ToList();
        var decoding = new Decoding(temperature, topK, topP, minP);
        SampledOutput[] Sample(bool reuseCache)
        {
            using var generator = new Generator(9);
            return Generate(model, prompts, new GenerationOptions(8, decoding, EndTokens: [2], Measure: true, ReuseCache: reuseCache), generator);
        }

        var cached = Sample(reuseCache: true);
        var reread = Sample(reuseCache: false);

        Assert.Equal(reread.Select(output => output.Tokens), cached.Select(output => output.Tokens));
        for (var row = 0; row < prompts.Count; row++)
            Assert.Equal(reread[row].Entropies, cached[row].Entropies, (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.True(cached.Select(output => output.Length).Distinct().Count() > 1, "every row wrote as many tokens: the end token was never tested");
    }

    [Fact]
    public void The_same_generator_seed_writes_the_same_outputs_and_another_seed_others()
    {
        using var init = new Generator(8);
        using var model = new Transformer(Shape, init);
        var prompts = Enumerable.Repeat(new[] { 1, 5 }, 32).ToList();
        string Draw(ulong seed)
        {
            using var generator = new Generator(seed);
            return string.Join('|', Generate(model, prompts, new GenerationOptions(6, Decoding.Plain, [2]), generator).Select(output => string.Join(' ', output.Tokens)));
        }
        Assert.Equal(Draw(1), Draw(1));
        Assert.NotEqual(Draw(1), Draw(2));
    }

    [Fact]
    public void Prompts_are_grouped_by_length_while_padding_is_a_small_share_of_a_row()
    {
        int[][] prompts = [new int[10], new int[2], new int[9], new int[2], new int[40], new int[3]];
        // 40 tokens + 8 written: a row of 48, so prompts of 28 or more tokens may join it; below that a new batch starts.
        Assert.Equal([[4], [0, 2], [5, 1, 3]], Buckets(maxBatch: 10));
        Assert.Equal([[4], [0, 2], [5, 1], [3]], Buckets(maxBatch: 2));

        int[][] Buckets(int maxBatch) => [.. GenerationEngine.Buckets(prompts, maxNewTokens: 8, maxBatch).Select(bucket => bucket.ToArray())];
    }

    [Fact]
    public void A_prompt_and_output_beyond_the_context_and_an_empty_prompt_are_refused_and_a_bidirectional_model_has_no_cache()
    {
        using var init = new Generator(1);
        using var model = new Transformer(Shape, init);
        using var bidirectional = new Transformer(Shape with { Causal = false }, init);
        using var generator = new Generator(1);
        Assert.Throws<ArgumentException>(() => Generate(model, [new int[10]], new GenerationOptions(8, Decoding.Plain, []), generator));
        Assert.Throws<ArgumentException>(() => Generate(model, [[]], new GenerationOptions(2, Decoding.Plain, []), generator));
        Assert.Throws<InvalidOperationException>(() => Generate(bidirectional, [[1]], new GenerationOptions(2, Decoding.Plain, []), generator));
    }

    /// <summary>Whether the engine drops rows after this step (it does once at most half of the current rows are still writing).</summary>
    private static bool DroppedAfter(int[] lengths, int step)
    {
        var current = lengths.Length;
        for (var s = 1; s <= step; s++)
        {
            var unfinished = lengths.Count(length => length > s);
            if (unfinished == 0) return false;
            if (unfinished <= current / 2)
            {
                if (s == step) return true;
                current = unfinished;
            }
        }
        return false;
    }

    private static SampledOutput[] Generate(ICausalLanguageModel model, IReadOnlyList<int[]> prompts, GenerationOptions options, Generator? generator = null)
    {
        using var owned = generator is null ? new Generator(1) : null;
        return [.. GenerationEngine.Generate(model, prompts, options, generator ?? owned!)];
    }
}
