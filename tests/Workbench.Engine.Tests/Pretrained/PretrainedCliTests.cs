using System.CommandLine;
using System.Text.Json;
using Workbench.Cli;
using Workbench.Engine.Pretrained;
using static TorchSharp.torch;
using Workbench.Testing.Pretrained;

namespace Workbench.Engine.Tests.Pretrained;

/// <summary><c>workbench models inspect</c>, <c>tokenize</c>, <c>score</c>, <c>generate</c> and <c>bench-pretrained</c> run as a user runs them, on a tiny model folder.</summary>
[Collection(ReferenceLogitsCollection.Name)]
[Trait("Category", "Engine")]
public sealed class PretrainedCliTests(ReferenceLogits reference)
{
    [Fact]
    public async Task Inspect_describes_the_folder_without_loading_it()
    {
        var folder = reference.Folder("llama3");
        var table = await Workbench("models", "inspect", folder);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("architecture   Llama (model_type llama)", table.Output);
        Assert.Contains("4 heads (2 key/value) of 8", table.Output);
        Assert.Contains("RoPE θ=500000, llama3 ×8", table.Output);
        Assert.Contains("stored dtype   BF16", table.Output);

        var json = JsonDocument.Parse((await Workbench("models", "inspect", folder, "--json")).Output).RootElement;
        using var model = ModelFolder.Open(folder).Load();
        Assert.Equal(model.ParameterCount, json.GetProperty("parameters").GetInt64());
        Assert.Equal(ModelManifest.Compute(folder).Sha256, json.GetProperty("sha256").GetString());
        Assert.Equal(["<s>"], json.GetProperty("tokenizer").GetProperty("prefix").EnumerateArray().Select(token => token.GetString()));
        Assert.Equal("Qwen2.5", JsonDocument.Parse((await Workbench("models", "inspect", reference.Folder("qwen2"), "--json")).Output)
            .RootElement.GetProperty("chatTemplate").GetString());
    }

    [Fact]
    public async Task Tokenize_prints_ids_and_token_texts()
    {
        var result = await Workbench("tokenize", "--model", reference.Folder("llama2"), "--text", "the cat\nsat", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        using var tokenizer = PretrainedTokenizer.Load(reference.Folder("llama2"));
        var expected = tokenizer.Encode("the cat\nsat");
        Assert.Equal(expected, json.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()));
        var texts = json.GetProperty("tokens").EnumerateArray().Select(token => token.GetProperty("text").GetString()).ToArray();
        Assert.Equal("<s>", texts[0]);
        Assert.Equal("the cat\nsat", string.Concat(texts[1..]));

        var table = await Workbench("tokenize", "--model", reference.Folder("llama2"), "--text", "the cat\nsat");
        Assert.Contains(@"\n", table.Output);
        Assert.EndsWith($"{expected.Length} tokens", table.Output.TrimEnd());
    }

    [Fact]
    public async Task Score_gives_each_tokens_log_probability_and_the_next_token_entropy()
    {
        var ids = ReferenceLogits.Sequence;
        var result = await Workbench("score", "--model", reference.Folder("gpt2"), "--ids", string.Join(",", ids), "--json", "--threads", "1");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        var tokens = json.GetProperty("tokens").EnumerateArray().ToArray();
        Assert.Equal(ids, tokens.Select(token => token.GetProperty("id").GetInt64()));
        Assert.Equal(JsonValueKind.Null, tokens[0].GetProperty("logprob").ValueKind);

        // Against the independent reference's logits: log_softmax at position i - 1, and the entropy at position i.
        using var logSoftmax = tensor(reference.Of("gpt2")).to(ScalarType.Float64).view(ids.Length, TinyModels.Vocabulary).log_softmax(-1);
        for (var position = 0; position < ids.Length; position++)
        {
            var entropy = -(logSoftmax[position].exp() * logSoftmax[position]).sum().item<double>();
            Assert.Equal(entropy, tokens[position].GetProperty("entropy").GetDouble(), 1e-4);
            if (position > 0)
                Assert.Equal(logSoftmax[position - 1][ids[position]].item<double>(), tokens[position].GetProperty("logprob").GetDouble(), 1e-4);
        }

        var text = await Workbench("score", "--model", reference.Folder("qwen3"), "--text", "hello world, the dog sat.", "--threads", "1");
        Assert.Equal(0, text.ExitCode);
        Assert.Matches(@"^\s+0\s+\d+\s+-\s+\d+\.\d{4}  hello", text.Output.Split('\n')[1]);
        Assert.Contains("perplexity", text.Output);
    }

    [Fact]
    public async Task Generate_continues_a_prompt_the_same_way_for_the_same_seed()
    {
        string[] args = ["generate", "--model", reference.Folder("qwen2"), "--prompt", "hello world", "--max-tokens", "8", "--top-p", "0.9", "--threads", "1"];
        var first = await Workbench([.. args, "--seed", "3"]);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.NotEmpty(first.Output.Trim());
        Assert.Equal(first.Output, (await Workbench([.. args, "--seed", "3"])).Output);
        var greedy = await Workbench("generate", "--model", reference.Folder("llama2"), "--prompt", "the cat", "--temperature", "0", "--max-tokens", "3", "--threads", "1");
        using var model = ModelFolder.Open(reference.Folder("llama2")).Load();
        using var tokenizer = PretrainedTokenizer.Load(reference.Folder("llama2"));
        var ids = tokenizer.Encode("the cat").Select(id => (long)id).ToList();
        for (var step = 0; step < 3; step++)
        {
            using var logits = model.Forward(tensor(ids.ToArray()).unsqueeze(0), arange(ids.Count).unsqueeze(0));
            ids.Add(logits[0][^1].argmax().item<long>());
        }
        Assert.Equal(tokenizer.Decode(ids.Skip(ids.Count - 3).Select(id => (int)id)), greedy.Output.TrimEnd('\n'));
    }

    [Fact]
    public async Task Bench_pretrained_reports_scoring_and_the_greedy_tokens_it_generated_per_batch()
    {
        var folder = reference.Folder("gpt2");
        var result = await Workbench("bench-pretrained", "--model", folder, "--tokens", "8", "--repetitions", "1", "--threads", "1",
            "--generate", "4", "--prompt-tokens", "3", "--batch", "1", "2");
        Assert.True(result.ExitCode == 0, result.Error);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(8, json.GetProperty("scoring").GetProperty("tokens").GetInt32());
        Assert.True(json.GetProperty("scoring").GetProperty("peakMemoryBytes").GetInt64() > 0);
        var generation = json.GetProperty("generation").EnumerateArray().ToArray();
        Assert.Equal([1, 2], generation.Select(measured => measured.GetProperty("batch").GetInt32()));
        using var model = ModelFolder.Open(folder).Load();
        foreach (var measured in generation)
        {
            Assert.True(measured.GetProperty("tokensPerSecond").GetDouble() > 0);
            Assert.True(measured.GetProperty("peakMemoryBytes").GetInt64() > 0);
            var prompts = measured.GetProperty("prompts").EnumerateArray().Select(prompt => prompt.EnumerateArray().Select(id => id.GetInt64()).ToList()).ToList();
            var written = measured.GetProperty("written").EnumerateArray().Select(row => row.EnumerateArray().Select(id => id.GetInt64()).ToArray()).ToList();
            Assert.All(prompts, prompt => Assert.Equal(3, prompt.Count));
            // What the script checks the PyTorch side against: the greedy tokens of the full forward.
            for (var row = 0; row < prompts.Count; row++)
            {
                var ids = prompts[row];
                for (var step = 0; step < 4; step++)
                {
                    using var logits = model.Forward(tensor(ids.ToArray()).unsqueeze(0), arange(ids.Count).unsqueeze(0));
                    ids.Add(logits[0][^1].argmax().item<long>());
                }
                Assert.Equal(ids[3..], written[row]);
            }
        }

        var tooLong = await Workbench("bench-pretrained", "--model", folder, "--generate", "62", "--prompt-tokens", "3");
        Assert.Equal(2, tooLong.ExitCode);
        Assert.Contains("--prompt-tokens 3 and --generate 62 exceed the model's context of 64", tooLong.Error);
    }

    [Fact]
    public async Task Refuses_bad_input_with_a_message_and_exit_code_2()
    {
        var outside = await Workbench("score", "--model", reference.Folder("gpt2"), "--ids", $"1,{TinyModels.Vocabulary}");
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains($"Token id {TinyModels.Vocabulary} is outside the vocabulary", outside.Error);
        var tooLong = await Workbench("score", "--model", reference.Folder("gpt2"), "--ids", string.Join(",", Enumerable.Repeat(1, 65)));
        Assert.Contains("65 tokens exceed the model's context of 64", tooLong.Error);
        Assert.Equal(2, (await Workbench("score", "--model", reference.Folder("gpt2"), "--ids", "1,x")).ExitCode);
        Assert.NotEqual(0, (await Workbench("score", "--model", reference.Folder("gpt2"))).ExitCode);
        var missing = await Workbench("models", "inspect", Path.Combine(reference.Root, "nothing-here"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error);
    }

    private static async Task<(int ExitCode, string Output, string Error)> Workbench(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exitCode = await WorkbenchRootCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
