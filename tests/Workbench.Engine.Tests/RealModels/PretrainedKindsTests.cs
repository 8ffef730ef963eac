using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Pretrained;
using Workbench.Engine.RealModels;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests.RealModels;

/// <summary>The experiment kinds on pretrained models, run on tiny real-format models of a models folder.</summary>
[Collection(TinyModelsCollection.Name)]
[Trait("Category", "Engine")]
public sealed class PretrainedKindsTests(TinyModelsFolder folder)
{
    private static readonly IReadOnlyList<string> TwoPrompts = ["the cat sat", "hello world"];

    [Fact]
    public void The_bf_of_a_real_format_model_is_the_exact_bf_of_its_output_tree()
    {
        TorchRuntime.Configure(threads: 1);
        const int samples = 400, length = 3, topK = 4;
        var spec = new PretrainedBranchingFactorSpec
        {
            Model = TinyModelsFolder.Gpt2, PromptSet = PromptSet.Custom, Prompts = ["the cat"], SamplesPerPrompt = samples, MaxOutputTokens = length,
            Temperature = 1, TopP = 1, TopK = topK, WindowSize = 1, MinAliveSamples = 1,
        };
        var result = folder.Run(spec, new ModelObserver());

        // The whole tree of top-4 continuations up to 3 tokens (≤ 64 outputs), over the ids the tokenizer can write.
        using var model = LoadedModel.Load(folder.Library.Open(TinyModelsFolder.Gpt2));
        var writable = new WritableOnly(new TransformerNextTokenModel(model.Model, model.EndTokens.Single()), model.WritableTokens);
        var exact = ExactBranchingFactor.Compute(writable, model.EncodePrompt("the cat", chat: false), spec.Decoding, length);

        // Within four standard errors of the exact expectations, in log space.
        Assert.InRange(Math.Log(result.Metrics["bf"]) - exact.MeanEntropy, -4 * Math.Sqrt(exact.MeanEntropyVariance / samples) - 1e-9,
            4 * Math.Sqrt(exact.MeanEntropyVariance / samples) + 1e-9);
        Assert.InRange(Math.Log(result.Metrics["bfAep"]) - exact.MeanSurprisal, -4 * Math.Sqrt(exact.MeanSurprisalVariance / samples) - 1e-9,
            4 * Math.Sqrt(exact.MeanSurprisalVariance / samples) + 1e-9);
        Assert.True(exact.BranchingFactor is > 1.05 and < topK, $"the check needs a tree that branches: exact BF {exact.BranchingFactor}");
        Assert.True(result.Metrics["ebfPerplexity"] >= result.Metrics["bf"] - 1e-12, "ebf_perplexity is at least the Monte-Carlo BF (Jensen)");
        var curve = Assert.Single(result.Curves, curve => curve.Name == "model (Monte-Carlo)");
        Assert.Equal([0, 1, 2], curve.Points.Select(point => point.X));
    }

    [Fact]
    public void A_run_records_each_model_it_loaded_by_name_content_architecture_size_device_and_dtype()
    {
        var observer = new ModelObserver();
        folder.Run(Tiny(new BaseVersusAlignedModelsSpec { BaseModel = TinyModelsFolder.Base, AlignedModel = TinyModelsFolder.Aligned }), observer);

        Assert.Equal(["baseModel", "alignedModel"], observer.Models.Select(model => model.Role));
        var loaded = observer.Models[0];
        Assert.Equal(TinyModelsFolder.Base, loaded.Name);
        Assert.Equal(ModelManifest.Compute(Path.Combine(folder.Root, TinyModelsFolder.Base)).Sha256, loaded.Manifest.Sha256);
        Assert.Contains(loaded.Manifest.Files, file => file.Path == "model.safetensors");
        Assert.Equal("Qwen2 (qwen2)", loaded.Architecture);
        Assert.Equal(folder.Library.Open(TinyModelsFolder.Base).ParameterCount, loaded.Parameters);
        Assert.Equal(("cpu", "float32"), (loaded.Device, loaded.ComputeType));
        Assert.NotEqual(loaded.Manifest.Sha256, observer.Models[1].Manifest.Sha256);
    }

    [Fact]
    public void Base_vs_aligned_reads_the_aligned_prompt_through_its_chat_template_and_draws_figure_3_and_the_ratio()
    {
        var spec = Tiny(new BaseVersusAlignedModelsSpec { BaseModel = TinyModelsFolder.Base, AlignedModel = TinyModelsFolder.Aligned, AlignedChat = true });
        var result = folder.Run(spec, new ModelObserver());

        var outcome = Assert.IsType<BaseVersusAlignedModelsOutcome>(result.Details);
        using var tokenizer = folder.Library.Open(TinyModelsFolder.Aligned).LoadTokenizer();
        Assert.Equal(TwoPrompts.Select(prompt => tokenizer.Encode(prompt).Length), outcome.Base.Prompts.Select(prompt => prompt.PromptTokens));
        Assert.Equal(TwoPrompts.Select(prompt => tokenizer.EncodeChat([new ChatMessage("user", prompt)]).Length), outcome.Aligned.Prompts.Select(prompt => prompt.PromptTokens));
        Assert.Contains("<|im_start|>assistant", ChatTemplate.Recognise(tokenizer.ChatTemplateSource!).Render([new ChatMessage("user", "x")], true, "", ""));
        Assert.Equal(result.Metrics["baseBf"] / result.Metrics["alignedBf"], result.Metrics["bfRatio"], 12);
        Assert.Contains(result.Curves, curve => curve.Name == "base (Monte-Carlo)" && curve.Points.Count > 0);
        Assert.Contains(result.Curves, curve => curve.Name == "aligned (Monte-Carlo)" && curve.Points.Count > 0);
        var ratio = Assert.Single(result.Curves, curve => curve.Name == "ratio (base / aligned)");
        Assert.Equal(result.Metrics["bfRatioFirstWindow"], ratio.Points[0].Y);
        Assert.Equal(2 * TwoPrompts.Count * PromptSampling.ExamplesPerPrompt, result.Examples.Count);
    }

    [Fact]
    public void The_chat_template_is_refused_for_a_model_without_one()
    {
        var spec = Tiny(new PretrainedBranchingFactorSpec { Model = TinyModelsFolder.NoTemplate, Chat = true });
        var refused = Assert.Throws<ModelLoadException>(() => folder.Run(spec, new ModelObserver()));
        Assert.Contains("no chat_template", refused.Message);
    }

    [Fact]
    public void Two_models_with_different_tokenizers_are_refused_naming_the_field()
    {
        var spec = Tiny(new BaseVersusAlignedModelsSpec { BaseModel = TinyModelsFolder.Base, AlignedModel = TinyModelsFolder.OtherVocabulary });
        var refused = Assert.Throws<ArgumentException>(() => folder.Run(spec, new ModelObserver()));
        Assert.StartsWith($"alignedModel: {TinyModelsFolder.OtherVocabulary} does not have the tokenizer of baseModel", refused.Message);
    }

    [Fact]
    public void Nudging_at_threshold_1_is_the_aligned_model_and_at_a_tiny_threshold_the_base_model()
    {
        ModelNudgingSpec Nudging(double threshold) => Tiny(new ModelNudgingSpec
        {
            BaseModel = TinyModelsFolder.Base, AlignedModel = TinyModelsFolder.Aligned, NudgeThreshold = threshold, MeasureModelsAlone = true, TopP = 1,
        });
        var always = folder.Run(Nudging(1), new ModelObserver());
        var never = folder.Run(Nudging(1e-6), new ModelObserver());

        // Every step draws with the same random numbers, so the mixture writes exactly what the model it follows writes.
        Assert.Equal(1, always.Metrics["nudgedFraction"]);
        Assert.Equal(always.Metrics["alignedBf"], always.Metrics["nudgedBf"]);
        Assert.Equal(always.Metrics["alignedBfAep"], always.Metrics["nudgedBfAep"]);
        Assert.Equal(0, never.Metrics["nudgedFraction"]);
        Assert.Equal(never.Metrics["baseBf"], never.Metrics["nudgedBf"]);
        var histogram = Assert.Single(always.Curves, curve => curve.Name == "nudges");
        var outcome = Assert.IsType<ModelNudgingOutcome>(always.Details);
        Assert.Equal(outcome.TokensByPosition.Select(count => (double)count), histogram.Points.Select(point => point.Y));
        Assert.Equal(outcome.TokensByPosition.Sum(), TwoPrompts.Count * 6 * outcome.Nudged.BranchingFactor.MeanOutputLength, 9);
    }

    [Fact]
    public void Resampling_cuts_the_aligned_outputs_at_absolute_positions_and_continues_them_with_either_model()
    {
        var spec = Tiny(new ModelResamplingSpec
        {
            AlignedModel = TinyModelsFolder.Aligned, BaseModel = TinyModelsFolder.Base, Resampler = Resampler.Both, CutPositions = [1, 3],
            OutputsPerPrompt = 2, ContinuationsPerCut = 3,
        });
        var result = folder.Run(spec, new ModelObserver());

        var outcome = Assert.IsType<ModelResamplingOutcome>(result.Details);
        foreach (var position in new[] { 1, 3 })
        {
            Assert.InRange(outcome.CutOutputs[position], 1, TwoPrompts.Count * spec.OutputsPerPrompt);
            foreach (var model in new[] { "Aligned", "Base" })
            {
                Assert.InRange(result.Metrics[$"bfAfterCutAt{position}{model}"], 1, 300);
                Assert.InRange(result.Metrics[$"unchangedAfterCutAt{position}{model}"], 0, 1);
                Assert.True(result.Metrics[$"alignedNllAfterCutAt{position}{model}"] > 0);
            }
        }
        var alignedCurve = Assert.Single(result.Curves, curve => curve.Name == "continuation BF, aligned");
        Assert.Equal([0, 1, 3], alignedCurve.Points.Select(point => point.X));
        Assert.Equal(result.Metrics["alignedBf"], alignedCurve.Points[0].Y);
        Assert.Contains(result.Examples, example => example.Text.StartsWith("[base at token 3]"));

        // Resampled by the aligned model only, the base model is not needed.
        var alignedOnly = spec with { Resampler = Resampler.Aligned, BaseModel = null };
        Assert.Empty(alignedOnly.Validate());
        var observer = new ModelObserver();
        folder.Run(alignedOnly, observer);
        Assert.Equal(["alignedModel"], observer.Models.Select(model => model.Role));
    }

    [Fact]
    public void The_same_spec_writes_the_same_outputs()
    {
        var spec = Tiny(new PretrainedBranchingFactorSpec { Model = TinyModelsFolder.Base, PromptSet = PromptSet.RandomStrings, RandomStringMinTokens = 3, RandomStringMaxTokens = 6 });
        var first = folder.Run(spec, new ModelObserver());
        var second = folder.Run(spec, new ModelObserver());
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(first.Examples.Select(example => example.Text), second.Examples.Select(example => example.Text));
        Assert.NotEqual(first.Metrics, folder.Run(spec with { Seed = 2 }, new ModelObserver()).Metrics);
    }

    /// <summary>The spec at a size that runs in well under a second: two prompts, six samples of up to six tokens.</summary>
    private static T Tiny<T>(T spec) where T : PretrainedPromptSpec => spec with
    {
        PromptSet = spec.PromptSet == PromptSet.StoryOpenings ? PromptSet.Custom : spec.PromptSet,
        Prompts = spec.PromptSet == PromptSet.StoryOpenings ? TwoPrompts : spec.Prompts,
        PromptCount = 2, SamplesPerPrompt = 6, MaxOutputTokens = 6, WindowSize = 2, MinAliveSamples = 1,
    };

    /// <summary>A model that never writes ids at or above <paramref name="writable"/>, as the kinds decode (a tokenizer narrower than the head).</summary>
    private sealed class WritableOnly(INextTokenModel model, int writable) : INextTokenModel
    {
        public int VocabularySize => model.VocabularySize;

        public int EndToken => model.EndToken;

        public double[][] NextTokenLogProbabilities(IReadOnlyList<int[]> prefixes) =>
            [.. model.NextTokenLogProbabilities(prefixes).Select(row => row.Select((value, id) => id < writable ? value : double.NegativeInfinity).ToArray())];
    }
}
