using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Workbench.Cli.Api;
using Workbench.Engine.Pretrained;

namespace Workbench.Cli.Pretrained;

/// <summary>What the commands on a local model folder share: how they print JSON and turn a refused model or bad input into exit code 2.</summary>
internal static class LocalModelCommand
{
    /// <summary>Unescaped, so that token texts such as "&lt;s&gt;" and non-ASCII read as they are.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static Option<DirectoryInfo> ModelOption() =>
        new("--model") { Description = "A model folder in the Hugging Face layout (config.json, *.safetensors, tokenizer).", Required = true };

    /// <summary>Runs <paramref name="run"/>, printing a refusal (an unusable model folder, bad input) as one line on standard error.</summary>
    public static int Run(ParseResult parsed, Func<TextWriter, int> run)
    {
        var (output, error) = (parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
        try
        {
            return run(output);
        }
        catch (Exception refusal) when (refusal is ModelLoadException or ArgumentException)
        {
            error.WriteLine(refusal.Message);
            return ExitCodes.Refused;
        }
    }

    /// <summary>A token's text as one printable cell: control characters escaped (a newline prints as \n).</summary>
    public static string Printable(string text) =>
        string.Concat(text.Select(character => character switch
        {
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            _ when char.IsControl(character) => $"\\u{(int)character:x4}",
            _ => character.ToString(),
        }));
}
