using System.CommandLine;
using System.Text.Json;
using Workbench.Engine.Pretrained;

namespace Workbench.Cli.Pretrained;

/// <summary><c>workbench tokenize --model DIR --text TEXT [--json]</c>: the token ids of a text and each token's text.</summary>
public static class TokenizeCommand
{
    public static Command Create()
    {
        var model = LocalModelCommand.ModelOption();
        var text = new Option<string>("--text") { Description = "The text to tokenize.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print {\"ids\": [...], \"tokens\": [{\"id\", \"text\"}]}." };
        var command = new Command("tokenize", "Tokenize a text with a model folder's tokenizer, special tokens (BOS) included as the model adds them.") { model, text, json };
        command.SetAction(parsed => LocalModelCommand.Run(parsed, output =>
        {
            using var tokenizer = PretrainedTokenizer.Load(parsed.GetRequiredValue(model).FullName);
            var ids = tokenizer.Encode(parsed.GetRequiredValue(text));
            if (parsed.GetValue(json))
            {
                var tokens = ids.Select(id => new { id, text = tokenizer.TokenText(id) });
                output.WriteLine(JsonSerializer.Serialize(new { ids, tokens }, LocalModelCommand.Json));
                return 0;
            }
            output.WriteLine($"{"ID",8}  TEXT");
            foreach (var id in ids) output.WriteLine($"{id,8}  {LocalModelCommand.Printable(tokenizer.TokenText(id))}");
            output.WriteLine($"{ids.Length} tokens");
            return 0;
        }));
        return command;
    }
}
