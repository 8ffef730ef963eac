using System.Text.Json.Nodes;
using Workbench.Engine.Pretrained;
using Workbench.Testing.Pretrained;

namespace Workbench.Engine.Tests.RealModels;

/// <summary>
/// A models folder of tiny random models in the exact Hugging Face layout (<see cref="TinyModels"/>): a base and an
/// "aligned" Qwen2 with the same tokenizer and its Qwen2.5 chat template (a context of 256, for the template's system
/// prompt), the base again with one token more in its tokenizer, a GPT-2, and a Llama-2 without a chat template.
/// </summary>
public sealed class TinyModelsFolder : IDisposable
{
    public const string Base = "tiny-base";
    public const string Aligned = "tiny-aligned";
    public const string Gpt2 = "tiny-gpt2";
    public const string NoTemplate = "tiny-llama2";
    public const string OtherVocabulary = "tiny-other-vocabulary";

    public TinyModelsFolder()
    {
        Root = Directory.CreateTempSubdirectory("workbench-models-").FullName;
        var longer = TinyModels.WithContext("qwen2", 256);
        TinyModels.Write(longer, Path.Combine(Root, Base), seed: 1);
        TinyModels.Write(longer, Path.Combine(Root, Aligned), seed: 2);
        TinyModels.Write(longer, Path.Combine(Root, OtherVocabulary), seed: 1);
        AddToken(Path.Combine(Root, OtherVocabulary, "tokenizer.json"), "<extra>", TinyModels.Vocabulary - 1);
        TinyModels.Write(TinyModels.Named("gpt2"), Path.Combine(Root, Gpt2), seed: 3);
        TinyModels.Write(TinyModels.Named("llama2"), Path.Combine(Root, NoTemplate), seed: 4);
        Library = new ModelLibrary(Root);
    }

    public string Root { get; }

    public ModelLibrary Library { get; }

    /// <summary>Runs a kind as a host would: its models from this folder, what it loaded recorded by the observer.</summary>
    public ExperimentResult Run(ExperimentSpec spec, ModelObserver observer) =>
        ExperimentKinds.Of(spec).Run(spec, new ExperimentContext(observer, CancellationToken.None,
            input => Library.Source(((PretrainedModelInput)input).Name)));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>Gives a tokenizer one more special token: a vocabulary that is no longer the others'.</summary>
    private static void AddToken(string tokenizerJson, string content, int id)
    {
        var definition = JsonNode.Parse(File.ReadAllText(tokenizerJson))!.AsObject();
        definition["added_tokens"]!.AsArray().Add(new JsonObject
        {
            ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
        });
        File.WriteAllText(tokenizerJson, definition.ToJsonString());
    }
}

/// <summary>Records the models an experiment loaded, its training losses and the checkpoints it saved.</summary>
public sealed class ModelObserver : IExperimentObserver
{
    public List<LoadedModelSummary> Models { get; } = [];

    public List<double> Losses { get; } = [];

    public List<ModelCheckpoint> Checkpoints { get; } = [];

    public void DatasetGenerated(DatasetSummary dataset) { }

    public void TrainingStepCompleted(TrainingStep step) => Losses.Add(step.Loss);

    public void ModelTrained(ModelCheckpoint checkpoint) => Checkpoints.Add(checkpoint);

    public void ModelLoaded(LoadedModelSummary model) => Models.Add(model);
}

[CollectionDefinition(Name)]
public sealed class TinyModelsCollection : ICollectionFixture<TinyModelsFolder>
{
    public const string Name = "tiny models folder";
}
