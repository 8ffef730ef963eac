using System.CommandLine;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Generation;
using Workbench.Engine.Pretrained;

namespace Workbench.Cli.Pretrained;

/// <summary>
/// <c>workbench score --model DIR (--text TEXT | --ids 1,2,3) [--json]</c>: for every position, the token, ln P(token |
/// everything before it) — null for the first — and the entropy in nats of the model's next-token distribution there.
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var model = LocalModelCommand.ModelOption();
        var text = new Option<string?>("--text") { Description = "A text, tokenized as the model's tokenizer does (BOS included when it adds one)." };
        var ids = new Option<string?>("--ids") { Description = "Token ids instead of a text, comma-separated: 1,2,3." };
        var json = new Option<bool>("--json") { Description = "Print {\"ids\": [...], \"tokens\": [{\"id\", \"text\", \"logprob\", \"entropy\"}]}." };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var command = new Command("score", "Score a text under a model: each token's log-probability and the entropy of each next-token distribution.")
        {
            model, text, ids, json, threads,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(text) is null) == (result.GetValue(ids) is null)) result.AddError("Give exactly one of --text and --ids.");
        });
        command.SetAction(parsed => LocalModelCommand.Run(parsed, output =>
        {
            TorchRuntime.Configure(parsed.GetValue(threads));
            var folder = ModelFolder.Open(parsed.GetRequiredValue(model).FullName);
            using var tokenizer = folder.LoadTokenizer();
            var tokenIds = parsed.GetValue(text) is { } given ? tokenizer.Encode(given) : ParseIds(parsed.GetValue(ids)!);
            using var loaded = folder.Load();
            CheckIds(tokenIds, loaded);
            var scored = GenerationEngine.Score(loaded, [tokenIds])[0];
            var scores = tokenIds.Select((id, position) => (Id: id, LogProbability: scored.LogProbabilities[position], Entropy: scored.Entropies[position])).ToList();
            if (parsed.GetValue(json))
            {
                var tokens = scores.Select(score => new { id = score.Id, text = tokenizer.TokenText(score.Id), logprob = score.LogProbability, entropy = score.Entropy });
                output.WriteLine(JsonSerializer.Serialize(new { ids = tokenIds, tokens }, LocalModelCommand.Json));
                return 0;
            }
            output.WriteLine($"{"POS",5} {"ID",8}  {"LOGPROB",10} {"ENTROPY",8}  TEXT");
            for (var position = 0; position < scores.Count; position++)
            {
                var score = scores[position];
                var logProbability = score.LogProbability is { } value ? value.ToString("F4") : "-";
                output.WriteLine($"{position,5} {score.Id,8}  {logProbability,10} {score.Entropy,8:F4}  {LocalModelCommand.Printable(tokenizer.TokenText(score.Id))}");
            }
            var total = scores.Sum(score => score.LogProbability ?? 0);
            output.WriteLine($"{scores.Count} tokens; ln P(tokens 2..n | token 1) = {total:F4}" +
                             (scores.Count > 1 ? $", perplexity {Math.Exp(-total / (scores.Count - 1)):F3}" : ""));
            return 0;
        }));
        return command;
    }

    /// <exception cref="ArgumentException">no tokens, more than the context, or an id outside the vocabulary</exception>
    private static void CheckIds(int[] ids, PretrainedModel model)
    {
        if (ids.Length == 0) throw new ArgumentException("There are no tokens to score.");
        if (ids.Length > model.ContextLength) throw new ArgumentException($"{ids.Length} tokens exceed the model's context of {model.ContextLength}.");
        if (ids.FirstOrDefault(id => id < 0 || id >= model.VocabularySize, -1) is var bad && bad != -1)
            throw new ArgumentException($"Token id {bad} is outside the vocabulary of {model.VocabularySize}.");
    }

    private static int[] ParseIds(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && parts.All(part => int.TryParse(part, out _))
            ? [.. parts.Select(int.Parse)]
            : throw new ArgumentException($"--ids must be comma-separated token ids, e.g. 1,2,3; not \"{text}\".");
    }
}
