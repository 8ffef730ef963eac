using System.Text;
using System.Text.Json.Nodes;

namespace Workbench.Testing.Pretrained;

/// <summary>
/// A small byte-level BPE tokenizer in Hugging Face's formats: the 256 byte symbols of GPT-2's byte-to-unicode map,
/// 30 merges learned from a short corpus, and special tokens. Written as tokenizer.json (with a BOS template for the
/// Llama-style models, none for Qwen) or, for GPT-2, as its original vocab.json + merges.txt.
/// </summary>
public static class TinyTokenizer
{
    public const string Corpus = "the cat sat on the mat. the dog sat on the log. hello world, hello there.";
    public static readonly string[] Specials = ["<s>", "</s>", "<|im_start|>", "<|im_end|>", "<|endoftext|>"];

    /// <summary>GPT-2's printable stand-ins for the 256 bytes (bytes_to_unicode).</summary>
    public static string[] ByteSymbols { get; } = BuildByteSymbols();

    public static (Dictionary<string, int> Vocabulary, List<string> Merges) Build()
    {
        var vocabulary = ByteSymbols.Select((symbol, id) => (symbol, id)).ToDictionary(pair => pair.symbol, pair => pair.id);
        var words = Corpus.Split(' ').Select((word, index) => (index == 0 ? word : " " + word))
            .Select(word => Encoding.UTF8.GetBytes(word).Select(b => ByteSymbols[b]).ToList()).ToList();
        var merges = new List<string>();
        for (var step = 0; step < 30; step++)
        {
            var best = words.SelectMany(word => word.Zip(word.Skip(1)))
                .GroupBy(pair => pair).OrderByDescending(group => group.Count()).ThenBy(group => group.Key.First + " " + group.Key.Second, StringComparer.Ordinal)
                .First().Key;
            merges.Add($"{best.First} {best.Second}");
            vocabulary[best.First + best.Second] = vocabulary.Count;
            foreach (var word in words)
                for (var i = 0; i < word.Count - 1; i++)
                    if (word[i] == best.First && word[i + 1] == best.Second) { word[i] += word[i + 1]; word.RemoveAt(i + 1); }
        }
        foreach (var special in Specials) vocabulary[special] = vocabulary.Count;
        return (vocabulary, merges);
    }

    /// <summary>Writes the tokenizer files for the model named <paramref name="model"/>.</summary>
    public static void Write(string folder, string model, bool? addBosToken = null)
    {
        var (vocabulary, merges) = Build();
        var config = new JsonObject { ["tokenizer_class"] = "PreTrainedTokenizerFast" };
        if (model == "gpt2")
        {
            File.WriteAllText(Path.Combine(folder, "vocab.json"), new JsonObject(vocabulary.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))).ToJsonString());
            File.WriteAllLines(Path.Combine(folder, "merges.txt"), ["#version: 0.2", .. merges]);
            config["bos_token"] = "<|endoftext|>";
            config["eos_token"] = "<|endoftext|>";
            config["tokenizer_class"] = "GPT2Tokenizer";
        }
        else
        {
            var withBos = !model.StartsWith("qwen") && model != "olmo2";
            File.WriteAllText(Path.Combine(folder, "tokenizer.json"), Definition(vocabulary, merges, withBos).ToJsonString());
            config["bos_token"] = withBos ? "<s>" : null;
            config["eos_token"] = model.StartsWith("qwen") ? "<|im_end|>" : "</s>";
            if (model.StartsWith("qwen")) config["chat_template"] = ChatTemplates.Qwen25;
        }
        if (addBosToken is not null) config["add_bos_token"] = addBosToken;
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), config.ToJsonString());
    }

    private static JsonObject Definition(Dictionary<string, int> vocabulary, List<string> merges, bool withBos) => new()
    {
        ["version"] = "1.0",
        ["added_tokens"] = new JsonArray([.. Specials.Select(special => (JsonNode)new JsonObject
        {
            ["id"] = vocabulary[special], ["content"] = special, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
            ["normalized"] = false, ["special"] = true,
        })]),
        ["normalizer"] = null,
        ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
        ["post_processor"] = withBos
            ? new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                                           new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
                ["pair"] = new JsonArray(new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                                         new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } }),
                ["special_tokens"] = new JsonObject
                {
                    ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(vocabulary["<s>"]), ["tokens"] = new JsonArray("<s>") },
                },
            }
            : new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true },
        ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
        ["model"] = new JsonObject
        {
            ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null, ["end_of_word_suffix"] = null,
            ["fuse_unk"] = false, ["byte_fallback"] = false,
            ["vocab"] = new JsonObject(vocabulary.Where(pair => !Specials.Contains(pair.Key)).Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
            ["merges"] = new JsonArray([.. merges.Select(merge => (JsonNode)merge)]),
        },
    };

    private static string[] BuildByteSymbols()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToHashSet();
        var symbols = new string[256];
        var next = 256;
        for (var b = 0; b < 256; b++) symbols[b] = ((char)(printable.Contains(b) ? b : next++)).ToString();
        return symbols;
    }
}
