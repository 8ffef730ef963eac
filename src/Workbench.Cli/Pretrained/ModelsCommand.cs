using System.CommandLine;
using System.Text.Json;
using Workbench.Engine.Pretrained;

namespace Workbench.Cli.Pretrained;

/// <summary><c>workbench models inspect DIR [--json]</c>: what a model folder holds, read from its files without loading the weights.</summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("dir") { Description = "A model folder in the Hugging Face layout." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var inspect = new Command("inspect", "Show a model folder's architecture, size, tokenizer, chat template and content hash.") { folder, json };
        inspect.SetAction(parsed => LocalModelCommand.Run(parsed, output => Inspect(parsed.GetRequiredValue(folder), parsed.GetValue(json), output)));
        return new Command("models", "Pretrained models in the Hugging Face layout.") { inspect };
    }

    private static int Inspect(DirectoryInfo directory, bool asJson, TextWriter output)
    {
        var folder = ModelFolder.Open(directory.FullName);
        var config = folder.Config;
        using var tokenizer = folder.LoadTokenizer();
        var manifest = folder.ComputeManifest();
        var description = new
        {
            folder.Name,
            Path = directory.FullName,
            Architecture = config.Family.ToString(),
            config.ModelType,
            Parameters = folder.ParameterCount,
            StoredDtypes = folder.Weights.Tensors.Select(tensor => tensor.DataType).Distinct().Order().ToArray(),
            config.Layers,
            config.Hidden,
            config.Heads,
            config.KeyValueHeads,
            config.HeadWidth,
            config.Intermediate,
            config.ContextLength,
            config.VocabularySize,
            Rope = config.Rotary,
            config.TieWordEmbeddings,
            Tokenizer = new
            {
                tokenizer.Count,
                Prefix = tokenizer.Prefix.Select(tokenizer.TokenText).ToArray(),
                Suffix = tokenizer.Suffix.Select(tokenizer.TokenText).ToArray(),
                tokenizer.BosToken,
                tokenizer.EosToken,
            },
            ChatTemplate = ChatTemplateFamily(tokenizer),
            Bytes = manifest.Bytes,
            Sha256 = manifest.Sha256,
            Files = manifest.Files,
        };
        if (asJson)
        {
            output.WriteLine(JsonSerializer.Serialize(description, LocalModelCommand.Json));
            return 0;
        }
        var rope = config.Rotary is null ? "learned positions" : $"RoPE θ={config.Rotary.Theta}" + (config.Rotary.Type == "default" ? "" : $", {config.Rotary.Type} ×{config.Rotary.Factor}");
        output.WriteLine($"name           {description.Name}");
        output.WriteLine($"architecture   {config.Family} (model_type {config.ModelType})");
        output.WriteLine($"parameters     {description.Parameters:N0}");
        output.WriteLine($"stored dtype   {string.Join(", ", description.StoredDtypes)}");
        output.WriteLine($"shape          {config.Layers} layers, hidden {config.Hidden}, {config.Heads} heads ({config.KeyValueHeads} key/value) of {config.HeadWidth}, MLP {config.Intermediate}");
        output.WriteLine($"positions      context {config.ContextLength}, {rope}");
        output.WriteLine($"vocabulary     {config.VocabularySize} (tokenizer {tokenizer.Count}); output head {(config.TieWordEmbeddings ? "tied to the embedding" : "separate")}");
        output.WriteLine($"special tokens adds [{string.Join(" ", description.Tokenizer.Prefix)}] before, [{string.Join(" ", description.Tokenizer.Suffix)}] after; BOS {tokenizer.BosToken ?? "-"}, EOS {tokenizer.EosToken ?? "-"}");
        output.WriteLine($"chat template  {description.ChatTemplate}");
        output.WriteLine($"size on disk   {manifest.Bytes:N0} bytes in {manifest.Files.Count} files");
        output.WriteLine($"sha256         {manifest.Sha256}");
        return 0;
    }

    private static string ChatTemplateFamily(PretrainedTokenizer tokenizer)
    {
        if (tokenizer.ChatTemplateSource is null) return "none";
        try
        {
            return ChatTemplate.Recognise(tokenizer.ChatTemplateSource).Family;
        }
        catch (ModelLoadException)
        {
            return "not recognised (chat is refused)";
        }
    }
}
