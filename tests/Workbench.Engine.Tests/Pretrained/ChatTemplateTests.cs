using Workbench.Engine.Pretrained;
using Workbench.Testing.Pretrained;

namespace Workbench.Engine.Tests.Pretrained;

/// <summary>Each family's template against the string its Jinja renders for the same conversation.</summary>
[Trait("Category", "Engine")]
public sealed class ChatTemplateTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new("system", "You are a helpful assistant"),
        new("user", "Hello"),
        new("assistant", "Hi there"),
        new("user", "Who are you"),
    ];

    private static readonly ChatMessage[] WithoutSystem = Conversation[1..];

    [Theory]
    [InlineData(nameof(ChatTemplates.Llama2), "Llama-2 chat", true,
        "<s>[INST] <<SYS>>\nYou are a helpful assistant\n<</SYS>>\n\nHello [/INST] Hi there </s><s>[INST] Who are you [/INST]")]
    [InlineData(nameof(ChatTemplates.Llama3), "Llama-3 instruct", true,
        "<s><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWho are you<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")]
    [InlineData(nameof(ChatTemplates.Llama31), "Llama-3.1 instruct", true,
        "<s><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nYou are a helpful assistant<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWho are you<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")]
    [InlineData(nameof(ChatTemplates.DeepSeekR1Distill), "DeepSeek-R1-Distill", true,
        "<s>You are a helpful assistant<｜User｜>Hello<｜Assistant｜>Hi there<｜end▁of▁sentence｜><｜User｜>Who are you<｜Assistant｜><think>\n")]
    [InlineData(nameof(ChatTemplates.Qwen2), "Qwen2", true,
        "<|im_start|>system\nYou are a helpful assistant<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there<|im_end|>\n<|im_start|>user\nWho are you<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData(nameof(ChatTemplates.Qwen2), "Qwen2", false,
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there<|im_end|>\n<|im_start|>user\nWho are you<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData(nameof(ChatTemplates.Qwen25), "Qwen2.5", false,
        "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there<|im_end|>\n<|im_start|>user\nWho are you<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData(nameof(ChatTemplates.Qwen3), "Qwen3", false,
        "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there<|im_end|>\n<|im_start|>user\nWho are you<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData(nameof(ChatTemplates.Olmo2), "OLMo-2", true,
        "<s><|system|>\nYou are a helpful assistant\n<|user|>\nHello\n<|assistant|>\nHi there</s>\n<|user|>\nWho are you\n<|assistant|>\n")]
    [InlineData(nameof(ChatTemplates.Gemma), "Gemma", false,
        "<s><start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\nHi there<end_of_turn>\n<start_of_turn>user\nWho are you<end_of_turn>\n<start_of_turn>model\n")]
    public void Renders_as_the_familys_template(string template, string family, bool withSystem, string expected)
    {
        var source = (string)typeof(ChatTemplates).GetField(template)!.GetValue(null)!;
        var recognised = ChatTemplate.Recognise(source);
        Assert.Equal(family, recognised.Family);
        Assert.Equal(expected, recognised.Render(withSystem ? Conversation : WithoutSystem, addGenerationPrompt: true, "<s>", "</s>"));
    }

    [Fact]
    public void Qwen3_keeps_the_last_answers_reasoning_in_a_think_block()
    {
        var qwen3 = ChatTemplate.Recognise(ChatTemplates.Qwen3);
        ChatMessage[] answered = [new("user", "Hello"), new("assistant", "<think>\ngreet back\n</think>\n\nHi there")];
        Assert.Equal("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n<think>\ngreet back\n</think>\n\nHi there<|im_end|>\n",
            qwen3.Render(answered, addGenerationPrompt: false, "", ""));
        ChatMessage[] followUp = [.. answered, new("user", "And?")];
        Assert.Equal("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there<|im_end|>\n<|im_start|>user\nAnd?<|im_end|>\n<|im_start|>assistant\n",
            qwen3.Render(followUp, addGenerationPrompt: true, "", ""));
    }

    [Fact]
    public void Refuses_what_its_template_refuses()
    {
        var gemma = ChatTemplate.Recognise(ChatTemplates.Gemma);
        Assert.Contains("system role is not supported", Assert.Throws<ArgumentException>(() => gemma.Render(Conversation, true, "<bos>", "<eos>")).Message);
        var llama2 = ChatTemplate.Recognise(ChatTemplates.Llama2);
        Assert.Contains("must alternate", Assert.Throws<ArgumentException>(() => llama2.Render([new("assistant", "Hi")], true, "<s>", "</s>")).Message);
    }

    [Theory]
    [InlineData(nameof(ChatTemplates.MistralV1))]
    [InlineData("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n'}}{% endfor %}")]
    [InlineData("{{ messages[0]['content'] }}")]
    public void Refuses_a_template_of_another_family(string template)
    {
        var source = typeof(ChatTemplates).GetField(template)?.GetValue(null) as string ?? template;
        Assert.Contains("chat_template is not one the engine recognises", Assert.Throws<ModelLoadException>(() => ChatTemplate.Recognise(source)).Message);
    }
}
