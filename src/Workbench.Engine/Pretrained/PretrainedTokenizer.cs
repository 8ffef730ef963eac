using System.Text.Json.Nodes;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;

namespace Workbench.Engine.Pretrained;

/// <summary>
/// A model folder's tokenizer, run by Hugging Face's own tokenizers library (through Tokenizers.DotNet), so that
/// normalisation, pre-tokenisation, byte-level BPE, byte fallback and added tokens behave exactly as in Python.
/// Special tokens written in the text (e.g. <c>&lt;|im_start|&gt;</c> in a rendered chat template) are read as special tokens.
/// The special tokens added around a text (BOS, EOS) are applied here rather than by the library's post-processor, so
/// that they can be left out (chat templates write their own): by default those of the <c>tokenizer.json</c>
/// post-processor's template, changed by <c>tokenizer_config.json</c>'s <c>add_bos_token</c> / <c>add_eos_token</c> when given.
/// </summary>
public sealed class PretrainedTokenizer : IDisposable
{
    private readonly HuggingFaceTokenizer tokenizer;
    /// <summary>The tokenizer.json the library runs (post-processor removed), kept as text to extend it (<see cref="WithAddedTokens"/>).</summary>
    private readonly string definition;
    private readonly Dictionary<int, string> specialTokens;
    private readonly Dictionary<string, int> tokenIds;
    private readonly int[] prefix;
    private readonly int[] suffix;

    private PretrainedTokenizer(JsonObject definition, Dictionary<int, string> specialTokens,
        int[] prefix, int[] suffix, string? bosToken, string? eosToken, string? chatTemplate)
    {
        this.definition = definition.ToJsonString();
        tokenizer = Build(this.definition);
        tokenIds = Vocabulary(definition);
        Count = tokenIds.Count == 0 ? 0 : tokenIds.Values.Max() + 1;
        this.specialTokens = specialTokens;
        this.prefix = prefix;
        this.suffix = suffix;
        BosToken = bosToken;
        EosToken = eosToken;
        ChatTemplateSource = chatTemplate;
    }

    public string? BosToken { get; }

    public string? EosToken { get; }

    public int? BosTokenId => BosToken is not null && tokenIds.TryGetValue(BosToken, out var id) ? id : null;

    public int? EosTokenId => EosToken is not null && tokenIds.TryGetValue(EosToken, out var id) ? id : null;

    /// <summary>Special tokens put before every encoded text (e.g. BOS for Llama and Gemma; none for GPT-2 and Qwen).</summary>
    public IReadOnlyList<int> Prefix => prefix;

    public IReadOnlyList<int> Suffix => suffix;

    /// <summary>Tokens the tokenizer knows (the model's vocabulary may be padded beyond it).</summary>
    public int Count { get; }

    /// <summary><c>tokenizer_config.json</c>'s <c>chat_template</c>, or null.</summary>
    public string? ChatTemplateSource { get; }

    /// <summary>The id of a token of the vocabulary (added tokens included), or null.</summary>
    public int? IdOf(string token) => tokenIds.TryGetValue(token, out var id) ? id : null;

    /// <summary>
    /// This tokenizer with <paramref name="tokens"/> added, as Hugging Face's <c>add_tokens</c> adds them: ordinary (not special)
    /// added tokens with the next ids in order, from <see cref="Count"/> on, which the library matches in a text before
    /// byte-level BPE reads the rest. The model must grow its token rows to match (<see cref="AddedTokenRows"/>).
    /// </summary>
    /// <exception cref="ArgumentException">a token is already in the vocabulary, or given twice (it would not get a new id)</exception>
    public PretrainedTokenizer WithAddedTokens(IReadOnlyList<string> tokens)
    {
        var extended = JsonNode.Parse(definition)!.AsObject();
        var added = extended["added_tokens"] as JsonArray ?? [];
        extended["added_tokens"] = added;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokenIds.TryGetValue(tokens[i], out var existing))
                throw new ArgumentException($"The token {tokens[i]} is already in the vocabulary (id {existing}).", nameof(tokens));
            if (!seen.Add(tokens[i])) throw new ArgumentException($"The token {tokens[i]} is given twice.", nameof(tokens));
            added.Add(new JsonObject
            {
                ["id"] = Count + i, ["content"] = tokens[i], ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = true, ["special"] = false,
            });
        }
        return new PretrainedTokenizer(extended, specialTokens, prefix, suffix, BosToken, EosToken, ChatTemplateSource);
    }

    /// <param name="addSpecialTokens">add the prefix and suffix special tokens (BOS/EOS) around the text</param>
    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        var ids = tokenizer.Encode(text).Select(id => (int)id);
        return addSpecialTokens ? [.. prefix, .. ids, .. suffix] : [.. ids];
    }

    /// <summary>Whether both give every token the same id: what lets two models be compared (and mixed) token by token.</summary>
    public bool HasSameVocabulary(PretrainedTokenizer other) =>
        tokenIds.Count == other.tokenIds.Count && tokenIds.All(pair => other.tokenIds.TryGetValue(pair.Key, out var id) && id == pair.Value);

    /// <summary>Whether the id is a special token (BOS, EOS, chat markers …).</summary>
    public bool IsSpecial(int id) => specialTokens.ContainsKey(id);

    /// <summary>The text of <paramref name="ids"/>, special tokens left out.</summary>
    public string Decode(IEnumerable<int> ids) => tokenizer.Decode([.. ids.Select(id => (uint)id)]);

    /// <summary>One token's text: a special token's content, otherwise what it decodes to on its own
    /// (a byte-level piece of a multi-byte character decodes to U+FFFD, as in Python).</summary>
    public string TokenText(int id) => specialTokens.TryGetValue(id, out var content) ? content : tokenizer.Decode([(uint)id]);

    /// <summary>Renders a conversation with the model's chat template and encodes it (the template writes its own BOS).</summary>
    /// <exception cref="ModelLoadException">no chat template, or one this engine does not recognise</exception>
    public int[] EncodeChat(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        var template = ChatTemplate.Recognise(ChatTemplateSource ?? throw new ModelLoadException("tokenizer_config.json has no chat_template."));
        return Encode(template.Render(messages, addGenerationPrompt, BosToken ?? "", EosToken ?? ""), addSpecialTokens: false);
    }

    public void Dispose() => tokenizer.Dispose();

    /// <exception cref="ModelLoadException">no tokenizer files, or a post-processor this engine does not implement</exception>
    public static PretrainedTokenizer Load(string folder)
    {
        var tokenizerConfig = ModelFolder.ReadJson(folder, "tokenizer_config.json") ?? [];
        var definition = ModelFolder.ReadJson(folder, "tokenizer.json") ?? Gpt2Definition(folder, tokenizerConfig);
        var tokenIds = Vocabulary(definition);
        var specialTokens = new Dictionary<int, string>();
        foreach (var added in definition["added_tokens"]?.AsArray() ?? [])
            if (added?["special"]?.GetValue<bool>() == true)
                specialTokens[added["id"]!.GetValue<int>()] = added["content"]!.GetValue<string>();

        var (prefix, suffix) = TemplateTokens(definition["post_processor"] as JsonObject);
        var bosToken = TokenContent(tokenizerConfig["bos_token"]);
        var eosToken = TokenContent(tokenizerConfig["eos_token"]);
        prefix = Override(prefix, bosToken, tokenIds, tokenizerConfig["add_bos_token"], "add_bos_token", atStart: true);
        suffix = Override(suffix, eosToken, tokenIds, tokenizerConfig["add_eos_token"], "add_eos_token", atStart: false);

        // The library applies the post-processor on every Encode; this class adds those tokens itself instead.
        definition["post_processor"] = null;
        return new PretrainedTokenizer(definition, specialTokens, prefix, suffix, bosToken, eosToken, ChatTemplateText(tokenizerConfig["chat_template"]));
    }

    /// <summary>The library's tokenizer of a tokenizer.json's text (it reads only files).</summary>
    private static HuggingFaceTokenizer Build(string definition)
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"workbench-tokenizer-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(file, definition);
            return new HuggingFaceTokenizer(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Dictionary<string, int> Vocabulary(JsonObject definition)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        switch (definition["model"]?["vocab"])
        {
            case JsonObject vocab:
                foreach (var (token, id) in vocab) ids[token] = id!.GetValue<int>();
                break;
            case JsonArray pieces: // Unigram: [piece, score] in id order
                for (var id = 0; id < pieces.Count; id++) ids[pieces[id]![0]!.GetValue<string>()] = id;
                break;
        }
        foreach (var added in definition["added_tokens"]?.AsArray() ?? [])
            ids[added!["content"]!.GetValue<string>()] = added["id"]!.GetValue<int>();
        return ids;
    }

    /// <summary>The special tokens a TemplateProcessing post-processor puts before and after a single text.</summary>
    private static (int[] Prefix, int[] Suffix) TemplateTokens(JsonObject? processor)
    {
        switch (processor?["type"]?.GetValue<string>())
        {
            case null or "ByteLevel":
                return ([], []);
            case "Sequence":
                var template = processor["processors"]?.AsArray().OfType<JsonObject>()
                    .Where(step => step["type"]?.GetValue<string>() != "ByteLevel").ToList() ?? [];
                return template.Count switch
                {
                    0 => ([], []),
                    1 => TemplateTokens(template[0]),
                    _ => throw new ModelLoadException("tokenizer.json: a post_processor Sequence with more than one template is not implemented."),
                };
            case "TemplateProcessing":
                var specials = processor["special_tokens"]?.AsObject() ?? [];
                List<int> before = [], after = [];
                var seenText = false;
                foreach (var item in processor["single"]?.AsArray() ?? [])
                {
                    if (item?["Sequence"] is not null) { seenText = true; continue; }
                    var name = item?["SpecialToken"]?["id"]?.GetValue<string>() ?? "";
                    var ids = specials[name]?["ids"]?.AsArray().Select(id => id!.GetValue<int>())
                        ?? throw new ModelLoadException($"tokenizer.json: the post_processor template names {name}, which it does not define.");
                    (seenText ? after : before).AddRange(ids);
                }
                return ([.. before], [.. after]);
            case var type:
                throw new ModelLoadException($"tokenizer.json: post_processor type {type} is not implemented (TemplateProcessing, ByteLevel).");
        }
    }

    /// <summary><c>add_bos_token</c> / <c>add_eos_token</c>, when given, decide whether that token is added.</summary>
    private static int[] Override(int[] tokens, string? content, Dictionary<string, int> ids, JsonNode? flag, string field, bool atStart)
    {
        if (flag is null) return tokens;
        var add = flag.GetValue<bool>();
        if (content is null && !add) return tokens;
        if (content is null || !ids.TryGetValue(content, out var id))
            throw new ModelLoadException($"tokenizer_config.json sets {field} but its token is not in the vocabulary.");
        var without = tokens.Where(token => token != id).ToArray();
        return !add ? without : tokens.Contains(id) ? tokens : atStart ? [id, .. tokens] : [.. tokens, id];
    }

    private static string? TokenContent(JsonNode? token) => token switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonObject added => added["content"]?.GetValue<string>(),
        _ => null,
    };

    private static string? ChatTemplateText(JsonNode? template) => template switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray named => named.OfType<JsonObject>().FirstOrDefault(entry => entry["name"]?.GetValue<string>() == "default")?["template"]?.GetValue<string>(),
        _ => null,
    };

    /// <summary>
    /// GPT-2's original files (<c>vocab.json</c> + <c>merges.txt</c>) as the <c>tokenizer.json</c> that Hugging Face's
    /// converter makes of them: byte-level pre-tokenisation with GPT-2's regex, BPE, byte-level decoding, no post-processor.
    /// </summary>
    private static JsonObject Gpt2Definition(string folder, JsonObject tokenizerConfig)
    {
        var vocabPath = System.IO.Path.Combine(folder, "vocab.json");
        var mergesPath = System.IO.Path.Combine(folder, "merges.txt");
        if (!File.Exists(vocabPath) || !File.Exists(mergesPath))
            throw new ModelLoadException("The folder has no tokenizer: neither tokenizer.json nor vocab.json with merges.txt.");
        var vocab = JsonNode.Parse(File.ReadAllText(vocabPath))!.AsObject();
        var merges = File.ReadLines(mergesPath).Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal));
        var prefixSpace = tokenizerConfig["add_prefix_space"]?.GetValue<bool>() ?? false;
        var specials = new[] { "bos_token", "eos_token", "unk_token", "pad_token" }
            .Select(field => TokenContent(tokenizerConfig[field])).OfType<string>().Append("<|endoftext|>").Distinct()
            .Where(token => vocab.ContainsKey(token));
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray([.. specials.Select(token => (JsonNode)new JsonObject
            {
                ["id"] = vocab[token]!.GetValue<int>(), ["content"] = token, ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = true, ["special"] = true,
            })]),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = prefixSpace, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "", ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false, ["byte_fallback"] = false, ["vocab"] = vocab, ["merges"] = new JsonArray([.. merges.Select(merge => (JsonNode)merge)]),
            },
        };
    }
}
