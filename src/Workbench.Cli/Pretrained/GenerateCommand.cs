using System.CommandLine;
using Workbench.Engine;
using Workbench.Engine.Pretrained;
using static TorchSharp.torch;

namespace Workbench.Cli.Pretrained;

/// <summary>
/// <c>workbench generate --model DIR --prompt TEXT [--chat] --max-tokens N --temperature T --top-p P --seed S</c>:
/// continues a prompt with a pretrained model and prints the continuation.
/// The decoding loop here is a plain stand-in (temperature, top-p, EOS) until the one generation engine (issue 13)
/// lands; then this command calls that engine and the loop goes.
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
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampler.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var command = new Command("generate", "Continue a prompt with a pretrained model folder.") { model, prompt, chat, maxTokens, temperature, topP, seed, threads };
        command.SetAction(parsed => LocalModelCommand.Run(parsed, output =>
        {
            var (count, heat, nucleus) = (parsed.GetValue(maxTokens), parsed.GetValue(temperature), parsed.GetValue(topP));
            if (count is < 1 or > 4096) throw new ArgumentException("--max-tokens must be between 1 and 4096.");
            if (heat is < 0 or > 10) throw new ArgumentException("--temperature must be between 0 and 10.");
            if (nucleus is <= 0 or > 1) throw new ArgumentException("--top-p must be above 0 and at most 1.");
            TorchRuntime.Configure(parsed.GetValue(threads));
            var folder = ModelFolder.Open(parsed.GetRequiredValue(model).FullName);
            using var tokenizer = folder.LoadTokenizer();
            var text = parsed.GetRequiredValue(prompt);
            var ids = parsed.GetValue(chat) ? tokenizer.EncodeChat([new ChatMessage("user", text)]) : tokenizer.Encode(text);
            using var loaded = folder.Load();
            var written = Sample(loaded, ids, Math.Min(count, loaded.ContextLength - ids.Length), heat, nucleus, tokenizer.EosTokenId, parsed.GetValue(seed));
            output.WriteLine(tokenizer.Decode(written));
            return 0;
        }));
        return command;
    }

    private static List<int> Sample(PretrainedModel model, int[] prompt, int count, double temperature, double topP, int? eos, ulong seed)
    {
        if (count < 1) throw new ArgumentException($"The prompt's {prompt.Length} tokens leave no room in the context of {model.ContextLength}.");
        using var generator = new Generator(seed);
        using var cache = model.NewCache(1, prompt.Length + count);
        var written = new List<int>();
        long[] next = [.. prompt.Select(id => (long)id)];
        for (var step = 0; step < count; step++)
        {
            using var scope = NewDisposeScope();
            var start = cache.Length;
            var logits = model.Forward(tensor(next).unsqueeze(0), arange(start, start + next.Length, ScalarType.Int64).unsqueeze(0), null, cache)[0][^1]; // (vocabulary)
            var token = temperature == 0 ? logits.argmax().item<long>() : Draw(logits, temperature, topP, generator);
            if (token == eos) break;
            written.Add((int)token);
            next = [token];
        }
        return written;
    }

    /// <summary>Samples from softmax(logits / T), cut to the smallest set of tokens whose probability reaches <paramref name="topP"/> (the token that crosses it kept).</summary>
    private static long Draw(Tensor logits, double temperature, double topP, Generator generator)
    {
        var probabilities = (logits / temperature).softmax(-1);
        var (sorted, order) = probabilities.sort(descending: true);
        var before = sorted.cumsum(0) - sorted;                   // probability of the tokens ranked above each one
        var kept = sorted.masked_fill(before >= topP, 0);
        var choice = kept.multinomial(1, generator: generator);   // index into the sorted order
        return order[choice].item<long>();
    }
}
