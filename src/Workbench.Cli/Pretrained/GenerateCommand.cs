using System.CommandLine;
using Workbench.Engine;
using Workbench.Engine.Generation;
using Workbench.Engine.Pretrained;
using static TorchSharp.torch;

namespace Workbench.Cli.Pretrained;

/// <summary>
/// <c>workbench generate --model DIR --prompt TEXT [--chat] --max-tokens N --temperature T --top-p P --seed S</c>:
/// continues a prompt with a pretrained model through the generation engine and prints the continuation.
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var model = LocalModelCommand.ModelOption();
        var prompt = new Option<string>("--prompt") { Description = "The text to continue.", Required = true };
        var chat = new Option<bool>("--chat") { Description = "Send the prompt as a user turn through the model's chat template." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens to write.", DefaultValueFactory = _ => 64 };
        var temperature = new Option<double>("--temperature") { Description = "0: greedy.", DefaultValueFactory = _ => 1.0 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus: keep the fewest tokens whose probability reaches P (1: off).", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "Keep only the K most likely tokens (0: off).", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampler.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var command = new Command("generate", "Continue a prompt with a pretrained model folder.") { model, prompt, chat, maxTokens, temperature, topP, topK, seed, threads };
        command.SetAction(parsed => LocalModelCommand.Run(parsed, output =>
        {
            var (count, heat, nucleus, k) = (parsed.GetValue(maxTokens), parsed.GetValue(temperature), parsed.GetValue(topP), parsed.GetValue(topK));
            if (count is < 1 or > 4096) throw new ArgumentException("--max-tokens must be between 1 and 4096.");
            if (heat is < 0 or > 10) throw new ArgumentException("--temperature must be between 0 and 10.");
            if (nucleus is <= 0 or > 1) throw new ArgumentException("--top-p must be above 0 and at most 1.");
            if (k < 0) throw new ArgumentException("--top-k must be 0 (off) or more.");
            TorchRuntime.Configure(parsed.GetValue(threads));
            using var loaded = LoadedModel.Load(ModelFolder.Open(parsed.GetRequiredValue(model).FullName));
            var ids = loaded.EncodePrompt(parsed.GetRequiredValue(prompt), parsed.GetValue(chat));
            var room = Math.Min(count, loaded.Model.ContextLength - ids.Length);
            if (room < 1) throw new ArgumentException($"The prompt's {ids.Length} tokens leave no room in the context of {loaded.Model.ContextLength}.");
            using var generator = new Generator(parsed.GetValue(seed), loaded.Model.Device);
            var options = new GenerationOptions(room, new Decoding(heat, k, nucleus, WritableTokens: loaded.WritableTokens), loaded.EndTokens);
            var written = GenerationEngine.Generate(loaded.Model, [ids], options, generator)[0];
            output.WriteLine(loaded.Tokenizer.Decode(written.Tokens.Where(token => !loaded.EndTokens.Contains(token))));
            return 0;
        }));
        return command;
    }
}
