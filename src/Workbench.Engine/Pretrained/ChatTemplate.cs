using System.Text;

namespace Workbench.Engine.Pretrained;

/// <summary>One turn of a conversation: role "system", "user" or "assistant".</summary>
public sealed record ChatMessage(string Role, string Content);

/// <summary>
/// The chat templates of the families the engine runs, rendered in C#. No .NET Jinja engine is available, so a
/// <c>chat_template</c> is recognised by the markers of its family and rendered as that family's template renders a
/// plain conversation (no tools); any other template is refused rather than guessed. Recognised: Llama-2 chat,
/// Llama-3 and Llama-3.1/3.2 instruct, DeepSeek-R1-Distill, Qwen2 / Qwen2.5 / Qwen3 ChatML, OLMo-2 (Tülu) and Gemma.
/// </summary>
public sealed class ChatTemplate
{
    private readonly Func<IReadOnlyList<ChatMessage>, bool, string, string, string> render;

    private ChatTemplate(string family, Func<IReadOnlyList<ChatMessage>, bool, string, string, string> render)
    {
        Family = family;
        this.render = render;
    }

    /// <summary>e.g. "Llama-3 instruct".</summary>
    public string Family { get; }

    /// <summary>The date the Llama-3.1/3.2 templates write when the caller gives none (their own default), so that a rendering does not depend on the day.</summary>
    public const string LlamaDate = "26 Jul 2024";

    /// <exception cref="ModelLoadException">a template of no recognised family</exception>
    public static ChatTemplate Recognise(string source)
    {
        bool Has(string marker) => source.Contains(marker, StringComparison.Ordinal);
        if (Has("<｜User｜>") && Has("<｜Assistant｜>"))
            return new("DeepSeek-R1-Distill", (messages, prompt, bos, _) => DeepSeek(messages, prompt, bos, thinks: Has("<think>\\n'") || Has("<think>\n'")));
        if (Has("<|start_header_id|>") && Has("<|eot_id|>"))
            return Has("Cutting Knowledge Date")
                ? new("Llama-3.1 instruct", (messages, prompt, bos, _) => Llama3(messages, prompt, bos, dated: true))
                : new("Llama-3 instruct", (messages, prompt, bos, _) => Llama3(messages, prompt, bos, dated: false));
        if (Has("[INST]") && Has("<<SYS>>"))
            return new("Llama-2 chat", (messages, _, bos, eos) => Llama2(messages, bos, eos));
        if (Has("<start_of_turn>") && Has("<end_of_turn>"))
            return new("Gemma", (messages, prompt, bos, _) => Gemma(messages, prompt, bos));
        if (Has("<|im_start|>") && Has("<|im_end|>"))
        {
            if (Has("<think>")) return new("Qwen3", (messages, prompt, _, _) => Qwen3(messages, prompt));
            const string qwen25 = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";
            const string qwen2 = "You are a helpful assistant.";
            if (Has(qwen25)) return new("Qwen2.5", (messages, prompt, _, _) => ChatMl(messages, prompt, qwen25));
            if (Has(qwen2)) return new("Qwen2", (messages, prompt, _, _) => ChatMl(messages, prompt, qwen2));
        }
        if (Has("<|user|>") && Has("<|assistant|>") && Has("<|system|>"))
            return new("OLMo-2", (messages, prompt, bos, eos) => Olmo2(messages, prompt, Has("bos_token") ? bos : "", eos));
        throw new ModelLoadException("tokenizer_config.json: chat_template is not one the engine recognises (Llama-2 chat, Llama-3/3.1 instruct, " +
                                     "DeepSeek-R1-Distill, Qwen2/2.5/3 ChatML, OLMo-2, Gemma); it cannot be rendered without a Jinja engine.");
    }

    /// <param name="addGenerationPrompt">end with the header of the assistant's next turn</param>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, string bosToken, string eosToken)
    {
        if (messages.Count == 0) throw new ArgumentException("A conversation needs at least one message.", nameof(messages));
        foreach (var message in messages)
            if (message.Role is not ("system" or "user" or "assistant"))
                throw new ArgumentException($"Role '{message.Role}' is not supported (system, user, assistant).", nameof(messages));
        return render(messages, addGenerationPrompt, bosToken, eosToken);
    }

    private static (string? System, IReadOnlyList<ChatMessage> Turns) SplitSystem(IReadOnlyList<ChatMessage> messages) =>
        messages[0].Role == "system" ? (messages[0].Content, messages.Skip(1).ToList()) : (null, messages);

    /// <summary>After the optional system message, user and assistant must alternate, starting with the user.</summary>
    private static void EnsureAlternating(IReadOnlyList<ChatMessage> turns, string family)
    {
        for (var index = 0; index < turns.Count; index++)
            if ((turns[index].Role == "user") != (index % 2 == 0))
                throw new ArgumentException($"{family}: conversation roles must alternate user/assistant/user/… after the optional system message.");
    }

    private static string Llama2(IReadOnlyList<ChatMessage> messages, string bos, string eos)
    {
        var (system, turns) = SplitSystem(messages);
        EnsureAlternating(turns, "Llama-2 chat");
        var text = new StringBuilder();
        for (var index = 0; index < turns.Count; index++)
        {
            var content = index == 0 && system is not null ? $"<<SYS>>\n{system}\n<</SYS>>\n\n{turns[index].Content}" : turns[index].Content;
            text.Append(turns[index].Role == "user" ? $"{bos}[INST] {content.Trim()} [/INST]" : $" {content.Trim()} {eos}");
        }
        return text.ToString();
    }

    private static string Llama3(IReadOnlyList<ChatMessage> messages, bool prompt, string bos, bool dated)
    {
        static string Turn(string role, string content) => $"<|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>";
        var text = new StringBuilder(bos);
        if (dated)
        {
            // Llama-3.1/3.2 always write a system turn that starts with the knowledge cut-off and the date.
            var (system, turns) = SplitSystem(messages);
            text.Append(Turn("system", $"Cutting Knowledge Date: December 2023\nToday Date: {LlamaDate}\n\n{system?.Trim() ?? ""}"));
            messages = turns;
        }
        foreach (var message in messages) text.Append(Turn(message.Role, message.Content.Trim()));
        if (prompt) text.Append("<|start_header_id|>assistant<|end_header_id|>\n\n");
        return text.ToString();
    }

    /// <summary>The system prompt first, then turns; an assistant's earlier reasoning (up to <c>&lt;/think&gt;</c>) is dropped.</summary>
    private static string DeepSeek(IReadOnlyList<ChatMessage> messages, bool prompt, string bos, bool thinks)
    {
        var text = new StringBuilder(bos);
        text.Append(string.Concat(messages.Where(message => message.Role == "system").Select(message => message.Content)));
        foreach (var message in messages.Where(message => message.Role != "system"))
            text.Append(message.Role == "user"
                ? $"<｜User｜>{message.Content}"
                : $"<｜Assistant｜>{message.Content.Split("</think>")[^1]}<｜end▁of▁sentence｜>");
        if (prompt) text.Append(thinks ? "<｜Assistant｜><think>\n" : "<｜Assistant｜>");
        return text.ToString();
    }

    private static string Gemma(IReadOnlyList<ChatMessage> messages, bool prompt, string bos)
    {
        if (messages[0].Role == "system") throw new ArgumentException("Gemma: the system role is not supported by its chat template.");
        EnsureAlternating(messages, "Gemma");
        var text = new StringBuilder(bos);
        foreach (var message in messages)
            text.Append($"<start_of_turn>{(message.Role == "assistant" ? "model" : message.Role)}\n{message.Content.Trim()}<end_of_turn>\n");
        if (prompt) text.Append("<start_of_turn>model\n");
        return text.ToString();
    }

    /// <summary>Qwen2 and Qwen2.5: ChatML with the family's default system prompt when the conversation has none.</summary>
    private static string ChatMl(IReadOnlyList<ChatMessage> messages, bool prompt, string defaultSystem)
    {
        var text = new StringBuilder();
        if (messages[0].Role != "system") text.Append($"<|im_start|>system\n{defaultSystem}<|im_end|>\n");
        foreach (var message in messages) text.Append($"<|im_start|>{message.Role}\n{message.Content}<|im_end|>\n");
        if (prompt) text.Append("<|im_start|>assistant\n");
        return text.ToString();
    }

    /// <summary>
    /// Qwen3: ChatML without a default system prompt; with thinking on (the template's default) the generation prompt
    /// is the bare assistant header. Earlier assistant turns lose their reasoning; an assistant turn after the last
    /// user message keeps it in a think block, empty when there was none.
    /// </summary>
    private static string Qwen3(IReadOnlyList<ChatMessage> messages, bool prompt)
    {
        var lastUser = messages.Select((message, index) => (message, index)).LastOrDefault(item => item.message.Role == "user").index;
        var text = new StringBuilder();
        for (var index = 0; index < messages.Count; index++)
        {
            var message = messages[index];
            if (message.Role != "assistant")
            {
                text.Append($"<|im_start|>{message.Role}\n{message.Content}<|im_end|>\n");
                continue;
            }
            var content = message.Content;
            var reasoning = "";
            if (content.Contains("</think>"))
            {
                reasoning = content.Split("</think>")[0].TrimEnd('\n').Split("<think>")[^1].TrimStart('\n');
                content = content.Split("</think>")[^1].TrimStart('\n');
            }
            var keepsReasoning = index > lastUser && (index == messages.Count - 1 || reasoning.Length > 0);
            text.Append(keepsReasoning
                ? $"<|im_start|>assistant\n<think>\n{reasoning.Trim('\n')}\n</think>\n\n{content.TrimStart('\n')}<|im_end|>\n"
                : $"<|im_start|>assistant\n{content}<|im_end|>\n");
        }
        if (prompt) text.Append("<|im_start|>assistant\n");
        return text.ToString();
    }

    private static string Olmo2(IReadOnlyList<ChatMessage> messages, bool prompt, string bos, string eos)
    {
        var text = new StringBuilder(bos);
        for (var index = 0; index < messages.Count; index++)
        {
            var (role, content, last) = (messages[index].Role, messages[index].Content, index == messages.Count - 1);
            text.Append(role == "assistant" ? $"<|assistant|>\n{content}{eos}{(last ? "" : "\n")}" : $"<|{role}|>\n{content}\n");
            if (last && prompt) text.Append("<|assistant|>\n");
        }
        return text.ToString();
    }
}
