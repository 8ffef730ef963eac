using Workbench.Engine.Generation;
using Workbench.Engine.Pretrained;
using static TorchSharp.torch;
using Workbench.Testing.Pretrained;

namespace Workbench.Engine.Tests.Pretrained;

[Collection(ReferenceLogitsCollection.Name)]
[Trait("Category", "Engine")]
public sealed class PretrainedForwardTests(ReferenceLogits reference)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Models => [.. TinyModels.All.Select(model => model.Name)];

    [Theory]
    [MemberData(nameof(Models))]
    public void Logits_match_the_independent_pytorch_reference(string name)
    {
        using var model = Load(name);
        using var logits = FullForward(model, ReferenceLogits.Sequence);
        var expected = tensor(reference.Of(name)).view(ReferenceLogits.Sequence.Length, model.VocabularySize);
        Assert.True(MaxDifference(logits[0], expected) < Tolerance, $"{name}: max |Δ| = {MaxDifference(logits[0], expected)}");
    }

    [Fact]
    public void The_llama3_case_fails_when_rope_scaling_is_ignored()
    {
        // The reference of the unscaled copy differs from the scaled one: the check above would catch a missing scaling.
        var sequence = ReferenceLogits.Sequence.Length;
        var scaled = tensor(reference.Of("llama3")).view(sequence, TinyModels.Vocabulary);
        var unscaled = tensor(reference.Of("llama3-unscaled")).view(sequence, TinyModels.Vocabulary);
        Assert.True(MaxDifference(scaled, unscaled) > 100 * Tolerance);
        using var model = Load("llama3-unscaled");
        using var logits = FullForward(model, ReferenceLogits.Sequence);
        Assert.True(MaxDifference(logits[0], unscaled) < Tolerance);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Reading_one_token_at_a_time_with_the_cache_equals_the_full_forward(string name)
    {
        using var model = Load(name);
        using var scope = NewDisposeScope();
        var ids = ReferenceLogits.Sequence;
        var full = FullForward(model, ids)[0];
        using var cache = model.NewCache(batch: 1, capacity: ids.Length);
        const int prompt = 5;
        var pieces = new List<Tensor> { model.Forward(tensor(ids[..prompt]).unsqueeze(0), arange(prompt).unsqueeze(0), null, cache, logitsToKeep: 0)[0] };
        for (var position = prompt; position < ids.Length; position++)
            pieces.Add(model.Forward(tensor(new[] { ids[position] }).unsqueeze(0), tensor(new long[] { position }).unsqueeze(0), null, cache, logitsToKeep: 0)[0]);
        Assert.Equal(ids.Length, cache.Length);
        Assert.True(MaxDifference(cat(pieces, 0), full) < Tolerance);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_left_padded_batch_gives_each_row_what_it_gives_alone(string name)
    {
        using var model = Load(name);
        using var scope = NewDisposeScope();
        long[] longer = ReferenceLogits.Sequence, shorter = [9, 8, 7, 6, 5, 4, 3];
        var pad = longer.Length - shorter.Length;
        var tokens = tensor(longer.Concat(Enumerable.Repeat(0L, pad)).Concat(shorter).ToArray()).view(2, longer.Length);
        var mask = tensor(Enumerable.Repeat(1L, longer.Length).Concat(Enumerable.Repeat(0L, pad)).Concat(Enumerable.Repeat(1L, shorter.Length)).ToArray()).view(2, longer.Length);
        var positions = (mask.cumsum(1) - 1).clamp_min(0);                      // the padded row's real tokens start at position 0
        using var cache = model.NewCache(batch: 2, capacity: longer.Length + 3);
        var batch = model.Forward(tokens, positions, mask, cache, logitsToKeep: 0);
        Assert.True(MaxDifference(batch[0], FullForward(model, longer)[0]) < Tolerance);
        Assert.True(MaxDifference(batch[1].narrow(0, pad, shorter.Length), FullForward(model, shorter)[0]) < Tolerance);

        // Decoding goes on for both rows from the padded cache.
        var next = tensor(new long[] { 11, 12 }).view(2, 1);
        var nextPositions = tensor(new long[] { longer.Length, shorter.Length }).view(2, 1);
        var step = model.Forward(next, nextPositions, cat([mask, ones(2, 1, ScalarType.Int64)], 1), cache, logitsToKeep: 1);
        Assert.True(MaxDifference(step[0][0], FullForward(model, [.. longer, 11])[0][^1]) < Tolerance);
        Assert.True(MaxDifference(step[1][0], FullForward(model, [.. shorter, 12])[0][^1]) < Tolerance);
    }

    [Fact]
    public void The_bfloat16_path_computes_in_bfloat16_close_to_float32()
    {
        using var exact = Load("llama3");
        using var half = Load("llama3", ScalarType.BFloat16);
        using var scope = NewDisposeScope();
        Assert.Equal(ScalarType.BFloat16, half.ComputeType);
        Assert.All(half.parameters(), parameter => Assert.Equal(ScalarType.BFloat16, parameter.dtype));
        var ids = ReferenceLogits.Sequence;
        var expected = FullForward(exact, ids)[0];
        var logits = FullForward(half, ids)[0];
        Assert.Equal(ScalarType.Float32, logits.dtype);
        var scale = expected.abs().max().item<float>();
        Assert.True(MaxDifference(logits, expected) < 0.05 * scale, $"bf16 vs f32: {MaxDifference(logits, expected)} of {scale}");
        using var cache = half.NewCache(1, ids.Length);
        half.Forward(tensor(ids[..^1]).unsqueeze(0), arange(ids.Length - 1).unsqueeze(0), null, cache, logitsToKeep: 1);
        var last = half.Forward(tensor(new[] { ids[^1] }).unsqueeze(0), tensor(new long[] { ids.Length - 1 }).unsqueeze(0), null, cache, logitsToKeep: 1);
        Assert.True(MaxDifference(last[0][0], logits[^1]) < 0.05 * scale);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("qwen3")]
    public void Scoring_through_the_engine_equals_the_full_forward_for_each_text_of_a_padded_batch(string name)
    {
        using var model = Load(name);
        using var scope = NewDisposeScope();
        int[] longer = [.. ReferenceLogits.Sequence.Select(id => (int)id)], shorter = [9, 8, 7, 6, 5];
        var scored = GenerationEngine.Score(model, [longer, shorter]);
        foreach (var (text, score) in new[] { longer, shorter }.Zip(scored))
        {
            var logSoftmax = FullForward(model, [.. text.Select(id => (long)id)])[0].to(ScalarType.Float64).log_softmax(-1); // (time, vocabulary)
            Assert.Null(score.LogProbabilities[0]);
            for (var position = 0; position < text.Length; position++)
            {
                var entropy = -(logSoftmax[position].exp() * logSoftmax[position]).sum().item<double>();
                Assert.Equal(entropy, score.Entropies[position], 1e-4);
                if (position > 0) Assert.Equal(logSoftmax[position - 1][text[position]].item<double>(), score.LogProbabilities[position]!.Value, 1e-4);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_engine_writes_through_the_cache_what_it_writes_rereading_each_sequence_whole(string name)
    {
        using var model = Load(name);
        int[][] prompts = [[5, 17, 250, 3, 99, 42, 7], [120, 64], [1, 299, 33]];
        GenerationOptions Options(bool reuseCache) => new(6, new Decoding(Temperature: 0), [], ReuseCache: reuseCache);
        using var generator = new Generator(1);
        var cached = GenerationEngine.Generate(model, prompts, Options(reuseCache: true), generator);
        var reread = GenerationEngine.Generate(model, prompts, Options(reuseCache: false), generator);
        Assert.Equal(reread.Select(output => output.Tokens), cached.Select(output => output.Tokens));
        // Greedy from the full forward, prompt by prompt: the engine's left padding changes nothing.
        foreach (var (prompt, output) in prompts.Zip(cached))
        {
            var ids = prompt.Select(id => (long)id).ToList();
            for (var step = 0; step < 6; step++)
            {
                using var logits = FullForward(model, [.. ids]);
                ids.Add(logits[0][^1].argmax().item<long>());
            }
            Assert.Equal(ids.Skip(prompt.Length).Select(id => (int)id), output.Tokens);
        }
    }

    [Fact]
    public void A_tied_head_counts_its_parameters_once()
    {
        using var gpt2 = Load("gpt2");
        const long width = 32, layers = 2, vocabulary = TinyModels.Vocabulary, positions = 64;
        var perBlock = 2 * 2 * width + (width * 3 * width + 3 * width) + (width * width + width) + (width * 4 * width + 4 * width) + (4 * width * width + width);
        Assert.Equal(vocabulary * width + positions * width + layers * perBlock + 2 * width, gpt2.ParameterCount);
    }

    private PretrainedModel Load(string name, ScalarType? dtype = null) =>
        ModelFolder.Open(reference.Folder(name)).Load(new ModelLoadOptions(CPU, dtype));

    private static Tensor FullForward(PretrainedModel model, long[] ids) =>
        model.Forward(tensor(ids).unsqueeze(0), arange(ids.Length).unsqueeze(0));

    private static double MaxDifference(Tensor actual, Tensor expected) => (actual - expected).abs().max().item<float>();
}
