using System.Text.Json;
using Workbench.Engine.BranchingFactor;

namespace Workbench.Engine.Tests.BranchingFactor;

public class BranchingFactorSpecTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new BranchingFactorSpec().Validate());
        Assert.Empty(BranchingFactorSpec.PaperDefaults.Validate());
    }

    public static TheoryData<BranchingFactorSpec, string, string> InvalidSpecs => new()
    {
        { new BranchingFactorSpec { Words = 3, Continuations = 3, PreferredContinuations = 2 }, "words", "must be between 4 and 500" },
        { new BranchingFactorSpec { Words = 10, Continuations = 11 }, "continuations", "must be between 2 and 10" },
        { new BranchingFactorSpec { Continuations = 4, PreferredContinuations = 4 }, "preferredContinuations", "must be between 1 and 3" },
        { new BranchingFactorSpec { EndProbability = 0 }, "endProbability", "must be between 0.01 and 0.5" },
        { new BranchingFactorSpec { EndProbability = double.NaN }, "endProbability", "must be between 0.01 and 0.5" },
        { new BranchingFactorSpec { MaxWords = 65 }, "maxWords", "must be between 2 and 64" },
        { new BranchingFactorSpec { PretrainingSequences = 0 }, "pretrainingSequences", "must be between 1 and 100000" },
        { new BranchingFactorSpec { PreferredSequences = 100_001 }, "preferredSequences", "must be between 1 and 100000" },
        { new BranchingFactorSpec { PretrainingSteps = 0 }, "pretrainingSteps", "must be between 1 and 100000" },
        { new BranchingFactorSpec { FineTuningSteps = 0 }, "fineTuningSteps", "must be between 1 and 100000" },
        { new BranchingFactorSpec { BatchSize = 0 }, "batchSize", "must be between 1 and 1024" },
        { new BranchingFactorSpec { Width = 4 }, "width", "must be between 8 and 512" },
        { new BranchingFactorSpec { Depth = 13 }, "depth", "must be between 1 and 12" },
        { new BranchingFactorSpec { Width = 64, Heads = 32 }, "heads", "must be between 1 and 16" },
        { new BranchingFactorSpec { Width = 48, Heads = 5 }, "heads", "must divide the width (48)" },
        { new BranchingFactorSpec { LearningRate = 0 }, "learningRate", "must be above 0 and at most 0.1" },
        { new BranchingFactorSpec { FineTuningLearningRate = 1 }, "fineTuningLearningRate", "must be above 0 and at most 0.1" },
        { new BranchingFactorSpec { Seed = -1 }, "seed", "must be between 0 and 2147483647" },
        { new BranchingFactorSpec { Prompts = 0 }, "prompts", "must be between 1 and 1000" },
        { new BranchingFactorSpec { MaxWords = 6, PromptWords = 6 }, "promptWords", "must be between 1 and 5" },
        { new BranchingFactorSpec { SamplesPerPrompt = 0, MinAliveSamples = 1 }, "samplesPerPrompt", "must be between 1 and 10000" },
        { new BranchingFactorSpec { Temperature = 6 }, "temperature", "must be between 0 and 5" },
        { new BranchingFactorSpec { TopP = 0 }, "topP", "must be above 0 and at most 1" },
        { new BranchingFactorSpec { TopK = -1 }, "topK", "must be between 0 and 1000" },
        { new BranchingFactorSpec { WindowSize = 0 }, "windowSize", "must be between 1 and 64" },
        { new BranchingFactorSpec { SamplesPerPrompt = 20, MinAliveSamples = 21 }, "minAliveSamples", "must be between 1 and 20" },
        { new BranchingFactorSpec { NudgeThreshold = 1.5 }, "nudgeThreshold", "must be between 0 and 1" },
        { new BranchingFactorSpec { PaperCompatible = true, SamplesPerPrompt = 3, MinAliveSamples = 3 }, "samplesPerPrompt",
            "must be at least 4 with the paper-compatible estimators (they stop where at most 3 samples are alive)" },
        { new BranchingFactorSpec { CustomPrompts = [] }, "customPrompts", "has 0 values; 1 to 1000 values, at most 1000 characters each" },
        { new BranchingFactorSpec { CustomPrompts = [" "] }, "customPrompts", "value 1 is empty" },
        { new BranchingFactorSpec { Words = 10, CustomPrompts = ["w1 w2", "w3 w10"] }, "customPrompts", "value 2 'w10' is not a word of the language (w0 to w9)" },
        { new BranchingFactorSpec { CustomPrompts = ["w1 hello"] }, "customPrompts", "value 1 'hello' is not a word of the language (w0 to w23)" },
        { new BranchingFactorSpec { CustomPrompts = ["w01"] }, "customPrompts", "value 1 'w01' is not a word of the language (w0 to w23)" },
        { new BranchingFactorSpec { MaxWords = 3, CustomPrompts = ["w1", "w1 w2 w3"] }, "customPrompts", "value 2 has 3 words; a prompt has 1 to 2" },
        { new BranchingFactorSpec { MaxWords = 3, PreferredCorpus = ["w1 w2 w3", "w1 w2 w3 w4"] }, "preferredCorpus", "value 2 has 4 words; a sequence has 1 to 3" },
        { new BranchingFactorSpec { PreferredCorpus = [.. Enumerable.Repeat("w1", 100_001)] }, "preferredCorpus", "has 100001 values; 1 to 100000 values, at most 1000 characters each" },
        { new BranchingFactorSpec { CustomPrompts = [new string('w', 1001)] }, "customPrompts", "value 1 (\"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww…\") is 1001 characters long; at most 1000" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void Each_problem_names_its_json_field(BranchingFactorSpec spec, string field, string message)
    {
        Assert.Equal([new SpecError(field, message)], spec.Validate());
    }

    [Fact]
    public void Custom_prompts_and_corpus_become_tokens()
    {
        var spec = new BranchingFactorSpec { Words = 10, CustomPrompts = ["w1 w2", "  w9 "], PreferredCorpus = ["w3", "w4 w5"] };
        var vocabulary = new Tokens.Vocabulary(Enumerable.Range(0, 10).Select(word => $"w{word}"));
        Assert.Empty(spec.Validate());
        Assert.Equal([[1, 4, 5], [1, 12]], spec.CustomPromptTokens(vocabulary));
        Assert.Equal([[6, 2], [7, 8, 2]], spec.PreferredCorpusTokens(vocabulary));
        Assert.Null(new BranchingFactorSpec().CustomPromptTokens(vocabulary));
    }

    [Fact]
    public void Reads_a_hand_written_spec_with_defaults_for_what_is_left_out()
    {
        const string json = """{ "pretrainingSteps": 5, "topP": 0.9, "kind": "branchingFactor", "paperCompatible": true }""";
        var spec = Assert.IsType<BranchingFactorSpec>(JsonSerializer.Deserialize<ExperimentSpec>(json, ExperimentJson.Options));
        Assert.Equal(new BranchingFactorSpec { PretrainingSteps = 5, TopP = 0.9, PaperCompatible = true }, spec);
    }

    [Fact]
    public void Writes_the_kind_and_camel_case_names()
    {
        var json = JsonSerializer.Serialize<ExperimentSpec>(new BranchingFactorSpec(), ExperimentJson.Options);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("branchingFactor", document.RootElement.GetProperty("kind").GetString());
        Assert.Equal(new BranchingFactorSpec().SamplesPerPrompt, document.RootElement.GetProperty("samplesPerPrompt").GetInt32());
        Assert.False(document.RootElement.TryGetProperty("title", out _));
        Assert.False(document.RootElement.TryGetProperty("decoding", out _));
        Assert.False(document.RootElement.TryGetProperty("languageShape", out _));
        Assert.Equal(new BranchingFactorSpec(), JsonSerializer.Deserialize<ExperimentSpec>(json, ExperimentJson.Options));
        Assert.Contains("branchingFactor", ExperimentKinds.All.Select(kind => kind.Name));
    }
}
