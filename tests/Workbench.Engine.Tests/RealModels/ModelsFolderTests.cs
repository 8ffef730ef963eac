using Workbench.Testing.Pretrained;
using Workbench.Engine.Pretrained;
using Workbench.Engine.RealModels;

namespace Workbench.Engine.Tests.RealModels;

/// <summary>The models folder: names, what it refuses and why, and the specs that name its models.</summary>
[Collection(TinyModelsCollection.Name)]
[Trait("Category", "Engine")]
public sealed class ModelsFolderTests(TinyModelsFolder folder)
{
    [Fact]
    public void Lists_its_models_and_resolves_names_inside_it_only()
    {
        Assert.Equal([TinyModelsFolder.Aligned, TinyModelsFolder.Base, TinyModelsFolder.Gpt2, TinyModelsFolder.NoTemplate, TinyModelsFolder.OtherVocabulary],
            folder.Library.Names());
        Assert.Equal(Path.Combine(folder.Root, TinyModelsFolder.Base), folder.Library.PathOf(TinyModelsFolder.Base));
        Assert.Null(folder.Library.Problem(TinyModelsFolder.Gpt2));

        var unknown = folder.Library.Problem("llama-70b");
        Assert.Contains("There is no model \"llama-70b\" in the models folder", unknown);
        Assert.Contains(TinyModelsFolder.Base, unknown);
        Assert.Contains("is not a model name", folder.Library.Problem("../etc"));
        Assert.Contains("is not a model name", folder.Library.Problem("/tmp"));
        Assert.Contains("is not a model name", folder.Library.Problem(".hidden"));
        Assert.Null(ModelLibrary.NameProblem("Qwen/Qwen2.5-0.5B"));
    }

    [Fact]
    public void A_model_one_level_down_is_named_owner_slash_folder()
    {
        var root = Directory.CreateTempSubdirectory("workbench-models-nested-").FullName;
        try
        {
            TinyModels.Write(TinyModels.Named("gpt2"), Path.Combine(root, "openai", "gpt2-tiny"));
            var library = new ModelLibrary(root);
            Assert.Equal(["openai/gpt2-tiny"], library.Names());
            var source = library.Source("openai/gpt2-tiny");
            Assert.Equal(ModelManifest.Compute(Path.Combine(root, "openai", "gpt2-tiny")), source.Manifest, ManifestComparer.Instance);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_spec_without_its_models_is_refused_naming_each_field()
    {
        var errors = new BaseVersusAlignedModelsSpec { AlignedModel = "../x" }.Validate();
        Assert.Equal(["baseModel", "alignedModel"], errors.Select(error => error.Field));
        Assert.StartsWith("is required", errors[0].Message);
        Assert.Contains("is not a model name", errors[1].Message);

        var custom = new PretrainedBranchingFactorSpec { Model = "m", PromptSet = PromptSet.Custom }.Validate();
        Assert.Equal("prompts", Assert.Single(custom).Field);
        Assert.Equal("value 2 is blank", Assert.Single(new PretrainedBranchingFactorSpec { Model = "m", PromptSet = PromptSet.Custom, Prompts = ["a", " "] }.Validate()).Message);
        Assert.Contains(new PretrainedBranchingFactorSpec { Model = "m", MaxOutputTokens = 1025 }.Validate(), error => error.Field == "maxOutputTokens");

        var resampling = new ModelResamplingSpec { AlignedModel = "m", CutPositions = [25, 300], MaxOutputTokens = 256 };
        Assert.Equal(["baseModel", "cutPositions"], resampling.Validate().Select(error => error.Field));
        Assert.Empty((resampling with { Resampler = Resampler.Aligned, CutPositions = [25, 200] }).Validate());
    }

    [Fact]
    public void The_built_in_prompts_are_drawn_by_the_seed()
    {
        using var tokenizer = folder.Library.Open(TinyModelsFolder.Base).LoadTokenizer();
        var stories = new PretrainedBranchingFactorSpec { Model = "m", PromptCount = 20 };
        var drawn = PromptSets.For(stories, tokenizer);
        Assert.Equal(20, drawn.Count);
        Assert.All(drawn, prompt => Assert.Contains(prompt, PromptSets.StoryOpenings));
        Assert.Equal(PromptSets.StoryOpenings.Count, drawn.Take(PromptSets.StoryOpenings.Count).Distinct().Count());
        Assert.Equal(drawn, PromptSets.For(stories, tokenizer));
        Assert.NotEqual(drawn, PromptSets.For(stories with { Seed = 2 }, tokenizer));

        var strings = PromptSets.For(stories with { PromptSet = PromptSet.RandomStrings, PromptCount = 3, RandomStringMinTokens = 5, RandomStringMaxTokens = 8 }, tokenizer);
        Assert.All(strings, text => Assert.InRange(text.Split(' ').Length, 5, 8));
        Assert.All(strings.SelectMany(text => text.Split(' ')), word => Assert.DoesNotContain(word, TinyTokenizer.Specials));
    }

    [Fact]
    public void Prompts_upload_from_lines_jsonl_or_a_csv_column()
    {
        Assert.Equal(["a b", "c"], PromptFile.Read("prompts.txt", "a b\n\n  c  \r\n"));
        Assert.Equal(["one", "two\nlines", "three"], PromptFile.Read("p.jsonl", "\"one\"\n{\"prompt\": \"two\\nlines\"}\n\n{\"text\": \"three\", \"id\": 3}\n"));
        Assert.Equal("line 2 is neither a string nor an object with a \"prompt\" or \"text\" string",
            Assert.Throws<FormatException>(() => PromptFile.Read("p.jsonl", "\"ok\"\n{\"id\": 1}")).Message);
        Assert.Equal(["Once, upon a time", "said \"hi\"\nand left"], PromptFile.Read("p.csv", "id,prompt\n1,\"Once, upon a time\"\n2,\"said \"\"hi\"\"\nand left\"\n"));
        Assert.Equal(["first", "second"], PromptFile.Read("p.csv", "first,x\r\nsecond,y\r\n"));
    }

    private sealed class ManifestComparer : IEqualityComparer<ModelManifest>
    {
        public static readonly ManifestComparer Instance = new();

        public bool Equals(ModelManifest? x, ModelManifest? y) => x!.Sha256 == y!.Sha256 && x.Files.SequenceEqual(y.Files);

        public int GetHashCode(ModelManifest manifest) => manifest.Sha256.GetHashCode();
    }
}
