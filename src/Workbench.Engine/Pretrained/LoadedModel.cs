using System.Text.Json.Nodes;

namespace Workbench.Engine.Pretrained;

/// <summary>
/// A model folder ready to write: its weights (<see cref="PretrainedModel"/>, an <see cref="Generation.ICausalLanguageModel"/>),
/// its tokenizer, and what the engine needs to decode with them — the tokens that end an output and the ids it may
/// write. Owns both; dispose it when done.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    private LoadedModel(ModelFolder folder, PretrainedModel model, PretrainedTokenizer tokenizer)
    {
        Folder = folder;
        Model = model;
        Tokenizer = tokenizer;
        EndTokens = [.. EndTokensOf(folder, tokenizer).Where(id => id >= 0 && id < model.VocabularySize).Distinct().Order()];
    }

    public ModelFolder Folder { get; }

    public PretrainedModel Model { get; }

    public PretrainedTokenizer Tokenizer { get; }

    /// <summary>
    /// The ids that end an output: the tokenizer's EOS and every <c>eos_token_id</c> of <c>generation_config.json</c>
    /// (Llama-3 instruct ends a turn with <c>&lt;|eot_id|&gt;</c>, not its tokenizer's EOS).
    /// </summary>
    public IReadOnlyList<int> EndTokens { get; }

    /// <summary>Ids below this may be written: the tokenizer's, never the padding rows of a wider output head.</summary>
    public int WritableTokens => Math.Min(Tokenizer.Count, Model.VocabularySize);

    /// <exception cref="ModelLoadException">the weights or the tokenizer cannot be read</exception>
    public static LoadedModel Load(ModelFolder folder, ModelLoadOptions? options = null)
    {
        var tokenizer = folder.LoadTokenizer();
        try
        {
            return new LoadedModel(folder, folder.Load(options), tokenizer);
        }
        catch
        {
            tokenizer.Dispose();
            throw;
        }
    }

    /// <summary>A prompt as the model reads it: plain text (with the tokenizer's BOS when it adds one), or a user turn through the chat template.</summary>
    /// <exception cref="ModelLoadException">chat was asked for and the folder has no template the engine recognises</exception>
    public int[] EncodePrompt(string text, bool chat) =>
        chat ? Tokenizer.EncodeChat([new ChatMessage("user", text)]) : Tokenizer.Encode(text);

    public void Dispose()
    {
        Model.Dispose();
        Tokenizer.Dispose();
    }

    private static IEnumerable<int> EndTokensOf(ModelFolder folder, PretrainedTokenizer tokenizer)
    {
        if (tokenizer.EosTokenId is { } eos) yield return eos;
        switch (folder.GenerationConfig?["eos_token_id"])
        {
            case JsonValue value when value.TryGetValue<int>(out var id):
                yield return id;
                break;
            case JsonArray ids:
                foreach (var id in ids.OfType<JsonValue>()) if (id.TryGetValue<int>(out var each)) yield return each;
                break;
        }
    }
}
