using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Engine.Pretrained.Architectures;

/// <summary>
/// Fills a freshly built model's parameters from the checkpoint, by name. A tensor may be stored with or without the
/// base model's prefix (<c>model.</c>, <c>transformer.</c>; the original GPT-2 files have none), as Hugging Face
/// accepts. Every parameter must be found; a tensor the model has no place for is refused, except the buffers old
/// checkpoints carry and a tied head's copy of the embedding.
/// </summary>
internal static class CheckpointReader
{
    private static readonly string[] IgnoredSuffixes = [".attn.bias", ".attn.masked_bias", "rotary_emb.inv_freq"];

    /// <param name="storedRows">when the model was built with more token rows than the checkpoint's vocabulary (tokens added to
    /// the tokenizer): the checkpoint's rows, read into the first rows of the embedding and of an untied head</param>
    /// <returns>the parameters whose rows from <paramref name="storedRows"/> on are still to be initialised</returns>
    public static IReadOnlyList<Parameter> Fill(PretrainedModel model, SafetensorsWeights weights, int? storedRows = null)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var resized = new List<Parameter>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var stored = StoredName(name, weights)
                ?? throw new ModelLoadException($"The weights have no tensor {name} (nor {WithoutPrefix(name)}), which config.json implies.");
            if (storedRows is { } rows && parameter.shape[0] == model.VocabularySize && rows < model.VocabularySize && weights[stored].Shape[0] == rows)
            {
                using var checkpointRows = parameter.narrow(0, 0, rows); // (rows, hidden) of (vocabulary, hidden)
                weights.ReadInto(stored, checkpointRows);
                resized.Add(parameter);
            }
            else weights.ReadInto(stored, parameter);
            used.Add(stored);
        }
        foreach (var tensor in weights.Tensors.Where(tensor => !used.Contains(tensor.Name) && !IsSpare(tensor.Name, model.Config)))
            throw new ModelLoadException($"{Path.GetFileName(tensor.File)} holds {tensor.Name}, which this {model.Config.ModelType} config has no place for (does config.json match the weights?).");
        return resized;
    }

    /// <summary>A stored tensor that is not a parameter: an old checkpoint's buffer, or a tied head's copy of the embedding.</summary>
    public static bool IsSpare(string name, ArchitectureConfig config) =>
        (config.TieWordEmbeddings && name == "lm_head.weight") || IgnoredSuffixes.Any(name.EndsWith);

    private static string? StoredName(string name, SafetensorsWeights weights) =>
        weights.Contains(name) ? name : weights.Contains(WithoutPrefix(name)) ? WithoutPrefix(name) : null;

    private static string WithoutPrefix(string name) =>
        name.StartsWith("model.", StringComparison.Ordinal) || name.StartsWith("transformer.", StringComparison.Ordinal)
            ? name[(name.IndexOf('.') + 1)..]
            : name;
}
