using TorchSharp.Modules;
using Workbench.Engine.Creativity;
using Workbench.Engine.Pretrained;
using Workbench.Engine.Training;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests.RealModels;

/// <summary>A creativity run that fine-tunes a pretrained GPT-2 (<see cref="CreativitySpec.PretrainedModel"/>), on the tiny GPT-2 of the models folder.</summary>
[Collection(TinyModelsCollection.Name)]
[Trait("Category", "Engine")]
public sealed class FineTuningTests(TinyModelsFolder folder)
{
    /// <summary>Sibling discovery with 3 parents of 4 children (36 answers, half shown), 40 steps: a second or two on one thread.</summary>
    private static CreativitySpec Tiny(TrainingObjective objective = TrainingObjective.NextToken) => new()
    {
        Task = CreativityTask.SiblingDiscovery, Parents = 3, ChildrenPerParent = 4, TrainingFraction = 0.5, Objective = objective,
        PretrainedModel = TinyModelsFolder.Gpt2, TrainingSteps = 40, BatchSize = 16, LearningRate = 3e-3, WeightDecay = 0, EvaluationSamples = 64, Seed = 3,
    };

    [Fact]
    public void The_extended_tokenizer_gives_every_task_token_one_new_id_after_the_base_vocabulary()
    {
        var spec = Tiny(TrainingObjective.Teacherless) with { SeedPrefixLength = 2, SeedPrefixVocabulary = 4 };
        var task = CreativityExperiment.CreateTask(spec);
        var tokens = CreativityExperiment.TokensOf(spec, task);
        using var tokenizer = folder.Library.Open(TinyModelsFolder.Gpt2).LoadTokenizer();
        var names = PretrainedTaskModel.AddedTokens(tokens, task.Vocabulary);

        using var extended = tokenizer.WithAddedTokens(names);

        Assert.Equal(tokens.Count - 1, names.Count); // all but the mask, which is the tokenizer's <|endoftext|>
        Assert.Equal(["<pad>", "<bos>", "<eos>"], names.Take(3));
        Assert.Contains("<p2>", names);
        Assert.Contains("<c11>", names);
        Assert.Equal(["<s0>", "<s1>", "<s2>", "<s3>"], names.TakeLast(4));
        for (var i = 0; i < names.Count; i++) Assert.Equal([tokenizer.Count + i], extended.Encode(names[i]));
        Assert.Equal(tokenizer.Count + names.Count, extended.Count);
        var answer = string.Concat(names.Skip(1).Take(4)); // "<bos><eos><p0><p1>": added tokens are matched before BPE reads the rest
        Assert.Equal(Enumerable.Range(tokenizer.Count + 1, 4), extended.Encode(answer));
        Assert.Equal(tokenizer.Encode("the cat sat on the mat"), extended.Encode("the cat sat on the mat"));
        Assert.Throws<ArgumentException>(() => tokenizer.WithAddedTokens(["<|endoftext|>"]));
    }

    [Fact]
    public void The_resized_model_keeps_the_old_rows_so_its_logits_on_old_tokens_are_the_original_models()
    {
        var model = folder.Library.Open(TinyModelsFolder.Gpt2);
        var oldRows = model.Config.VocabularySize;
        using var original = model.Load();
        using var resized = model.Load(new ModelLoadOptions(AddedTokens: new AddedTokenRows(oldRows + 24, Seed: 7)));
        using var again = model.Load(new ModelLoadOptions(AddedTokens: new AddedTokenRows(oldRows + 24, Seed: 7)));
        using var otherSeed = model.Load(new ModelLoadOptions(AddedTokens: new AddedTokenRows(oldRows + 24, Seed: 8)));
        using var tokenizer = model.LoadTokenizer();
        var ids = tokenizer.Encode("the cat sat on the mat. hello");
        using var input = tensor(ids.Select(id => (long)id).ToArray(), [1, ids.Length]);
        using var positions = arange(ids.Length).unsqueeze(0);

        using var before = original.Forward(input, positions);   // (1, time, oldRows)
        using var after = resized.Forward(input, positions);     // (1, time, oldRows + 24)

        Assert.Equal(oldRows + 24, resized.VocabularySize);
        Assert.Equal([1, ids.Length, oldRows + 24], after.shape);
        Assert.True(after.narrow(2, 0, oldRows).allclose(before, rtol: 1e-5, atol: 1e-5), "the old tokens' logits changed");
        using var embedding = Embedding(resized);
        Assert.True(embedding.narrow(0, 0, oldRows).eq(Embedding(original)).all().item<bool>(), "the checkpoint's rows changed");
        using var added = embedding.narrow(0, oldRows, 24);    // (24, hidden): drawn from N(0, 0.02²)
        Assert.InRange(added.std().item<float>(), 0.014, 0.026);
        Assert.True(added.eq(Embedding(again).narrow(0, oldRows, 24)).all().item<bool>(), "the same seed draws the same rows");
        Assert.False(added.eq(Embedding(otherSeed).narrow(0, oldRows, 24)).all().item<bool>(), "another seed draws other rows");
        Assert.Equal(original.ParameterCount + 24 * model.Config.Hidden, resized.ParameterCount); // the tied head grew with the embedding

        static Tensor Embedding(PretrainedModel model) => model.named_parameters().Single(parameter => parameter.name.EndsWith("wte.weight")).parameter;
    }

    [Fact]
    public void Fine_tuning_a_tiny_gpt2_lowers_its_loss_and_is_scored_like_any_creativity_run_and_repeats_exactly()
    {
        TorchRuntime.Configure(threads: 1);
        var spec = Tiny();
        var first = new ModelObserver();
        var second = new ModelObserver();

        var result = folder.Run(spec, first);
        var repeated = folder.Run(spec, second);

        Assert.True(first.Losses.TakeLast(5).Average() < 0.7 * first.Losses.Take(5).Average(),
            $"the loss fell from {first.Losses.Take(5).Average():0.000} to {first.Losses.TakeLast(5).Average():0.000}");
        Assert.Equal(64, result.Metrics["generated"]);
        foreach (var metric in CreativityKind.PerSettingMetrics) Assert.InRange(result.Metrics[metric], 0, 1);
        Assert.True(result.Metrics["coherence"] > 0, "the fine-tuned model writes no coherent answer");
        Assert.Equal(result.Metrics, repeated.Metrics);
        Assert.Equal(first.Losses, second.Losses);

        var loaded = Assert.Single(first.Models);
        Assert.Equal(("pretrainedModel", TinyModelsFolder.Gpt2, "Gpt2 (gpt2)", "float32"), (loaded.Role, loaded.Name, loaded.Architecture, loaded.ComputeType));
        Assert.Equal(ModelManifest.Compute(Path.Combine(folder.Root, TinyModelsFolder.Gpt2)).Sha256, loaded.Manifest.Sha256);
        Assert.True(loaded.Parameters > folder.Library.Open(TinyModelsFolder.Gpt2).ParameterCount, "the task's token rows count as parameters");
        Assert.Empty(first.Checkpoints); // a fine-tuned model is as big as the pretrained one; a replay retrains it
    }

    [Fact]
    public void The_hybrid_teacherless_objective_fine_tunes_with_the_end_of_text_dummy_and_decodes_many_settings()
    {
        TorchRuntime.Configure(threads: 1);
        var spec = Tiny(TrainingObjective.Teacherless) with { SeedPrefixLength = 2, SeedPrefixVocabulary = 8, DecodeTemperatures = [0, 1], Temperature = 1 };
        var observer = new ModelObserver();

        var result = folder.Run(spec, observer);

        Assert.True(observer.Losses.TakeLast(5).Average() < observer.Losses.Take(5).Average());
        Assert.Equal(result.Metrics["creativity"], result.Metrics["creativity__t1_k0"]);
        Assert.InRange(result.Metrics["creativity__t0_k0"], 0, 1);
        Assert.Contains(result.Metrics["bestSettingTemperature"], new[] { 0.0, 1.0 });

        var task = CreativityExperiment.CreateTask(spec);
        using var model = CreativityExperiment.LoadPretrained(spec, task, folder.Library.Source(TinyModelsFolder.Gpt2), new ModelObserver());
        using var tokenizer = folder.Library.Open(TinyModelsFolder.Gpt2).LoadTokenizer();
        var tokens = CreativityExperiment.TokensOf(spec, task);
        Assert.Equal(tokenizer.EosTokenId, model.ModelIds[tokens.Mask]);                 // the authors' dummy: <|endoftext|>
        Assert.Equal(tokenizer.Count, model.ModelIds[0]);                                  // <pad>, the first new token
        var newTokens = PretrainedTaskModel.AddedTokens(tokens, task.Vocabulary).Count;
        Assert.Equal((tokenizer.Count + newTokens + 7) / 8 * 8, model.VocabularySize);   // len(tokenizer) rounded up to a multiple of 8
    }

    [Fact]
    public void A_pretrained_model_is_refused_with_diffusion_a_bad_name_an_unknown_model_or_another_architecture_naming_the_field()
    {
        var diffusion = new CreativitySpec { Objective = TrainingObjective.Diffusion, PretrainedModel = "gpt2" }.Validate();
        Assert.Contains("diffusion", Assert.Single(diffusion, error => error.Field == "pretrainedModel").Message);
        Assert.Single(new CreativitySpec { PretrainedModel = "../gpt2" }.Validate(), error => error.Field == "pretrainedModel");
        Assert.Empty(Tiny(TrainingObjective.TeacherlessParallel).Validate());

        var unknown = Tiny() with { PretrainedModel = "no-such-model" };
        var input = Assert.IsType<PretrainedModelInput>(Assert.Single(ExperimentKinds.Of(unknown).InputsOf(unknown)));
        Assert.Equal(("pretrainedModel", ArchitectureFamily.Gpt2), (input.Field, input.Family));
        Assert.Contains("There is no model \"no-such-model\"", folder.Library.Problem(input));
        Assert.Null(folder.Library.Problem(Tiny().Models[0]));
        var llama = Tiny() with { PretrainedModel = TinyModelsFolder.NoTemplate };
        Assert.Equal($"\"{TinyModelsFolder.NoTemplate}\" is a Llama (llama) model; only Gpt2 (gpt2) models can be used here", folder.Library.Problem(llama.Models[0]));
        var refused = Assert.Throws<ArgumentException>(() => folder.Run(llama, new ModelObserver()));
        Assert.StartsWith("pretrainedModel: ", refused.Message);
        Assert.Empty(ExperimentKinds.Of(new CreativitySpec()).InputsOf(new CreativitySpec()));
    }

    [Fact]
    public void The_model_shape_applies_only_from_scratch_and_the_pretrained_model_only_to_the_causal_objectives()
    {
        var parameters = SpecParameters.Of(new CreativitySpec()).ToDictionary(parameter => parameter.Name);
        Assert.True(parameters["width"].AppliesTo(new CreativitySpec()));
        Assert.False(parameters["width"].AppliesTo(Tiny()));
        Assert.Equal("when pretrained model is empty", parameters["depth"].ConditionText);
        Assert.True(parameters["pretrainedModel"].AppliesTo(Tiny(TrainingObjective.Teacherless)));
        Assert.False(parameters["pretrainedModel"].AppliesTo(new CreativitySpec { Objective = TrainingObjective.Diffusion }));
        Assert.Equal("Creativity: sibling discovery, next-token training of tiny-gpt2", Tiny().Title);
    }

    [Theory]
    [InlineData(CreativityTask.TriangleDiscovery, 800_000)]
    [InlineData(CreativityTask.CircleConstruction, 40_000)]
    [InlineData(CreativityTask.LineConstruction, 40_000)]
    public void The_papers_gpt2_setting_is_a_preset_of_the_tasks_the_authors_fine_tuned(CreativityTask task, int steps)
    {
        var preset = CreativityPresets.PaperFineTuned(task);

        Assert.Empty(preset.Validate());
        Assert.Equal(("gpt2", 1e-4, 2000, 64, steps), (preset.PretrainedModel, preset.LearningRate, preset.WarmupSteps, preset.BatchSize, preset.TrainingSteps));
        Assert.Equal(CreativityPresets.Paper(task) with { PretrainedModel = "gpt2" }, preset);
        var registered = Assert.Single(CreativityKind.Registration.Presets, candidate => candidate.Spec.Equals(preset));
        Assert.Contains("GPU", registered.Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => CreativityPresets.PaperFineTuned(CreativityTask.SiblingDiscovery));
    }
}
