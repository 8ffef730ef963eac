using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>
/// Prompts of any lengths as one left-padded batch of <c>capacity</c> slots per row (the prompt, then room for what
/// is read after it), with each slot's position in its own row and which slots hold real tokens. Owns its tensors.
/// </summary>
internal sealed class PaddedPrompts : IDisposable
{
    /// <param name="readAfterPrompt">tokens each row reads after its prompt</param>
    /// <exception cref="ArgumentException">no prompts, an empty prompt, or a prompt and its output beyond the context</exception>
    public PaddedPrompts(IReadOnlyList<int[]> prompts, int readAfterPrompt, int contextLength, Device device)
    {
        if (prompts.Count == 0) throw new ArgumentException("There are no prompts.", nameof(prompts));
        if (prompts.Any(prompt => prompt.Length == 0)) throw new ArgumentException("A prompt needs at least one token.", nameof(prompts));
        var rows = prompts.Count;
        Longest = prompts.Max(prompt => prompt.Length);
        Capacity = Longest + readAfterPrompt;
        if (Capacity > contextLength)
            throw new ArgumentException($"A prompt of {Longest} tokens and {readAfterPrompt} more read after it exceed the model's context of {contextLength}.", nameof(prompts));
        var tokens = new long[rows * Capacity];
        var positions = new long[rows * Capacity];
        var padding = new long[rows];
        for (var row = 0; row < rows; row++)
        {
            var prompt = prompts[row];
            padding[row] = Longest - prompt.Length;
            for (var i = 0; i < prompt.Length; i++) tokens[row * Capacity + padding[row] + i] = prompt[i];
            for (var slot = (int)padding[row]; slot < Capacity; slot++) positions[row * Capacity + slot] = slot - padding[row];
        }
        Tokens = tensor(tokens, [rows, Capacity], device: device).DetachFromDisposeScope();
        Positions = tensor(positions, [rows, Capacity], device: device).DetachFromDisposeScope();
        if (padding.Any(count => count > 0))
        {
            using var scope = NewDisposeScope();
            SlotIsToken = arange(Capacity, device: device).unsqueeze(0).ge(tensor(padding, [rows, 1], device: device)).DetachFromDisposeScope();
        }
    }

    /// <summary>Slots of the longest prompt: every row's prompt ends at this slot.</summary>
    public int Longest { get; }

    public int Capacity { get; }

    /// <summary>(rows, capacity) int64: the prompts, left-padded with 0; the rest is for the caller to fill.</summary>
    public Tensor Tokens { get; private set; }

    /// <summary>(rows, capacity) int64: each slot's position in its row; 0 on padding.</summary>
    public Tensor Positions { get; private set; }

    /// <summary>(rows, capacity) bool: false on padding; null when no row is padded.</summary>
    public Tensor? SlotIsToken { get; private set; }

    /// <returns>(rows, slots) the attention mask over the first <paramref name="slots"/> slots, or null when no row is padded</returns>
    public Tensor? MaskUpTo(long slots) => SlotIsToken?.narrow(1, 0, slots);

    public void KeepRows(Tensor rows)
    {
        Tokens = Replace(Tokens, Tokens.index_select(0, rows));
        Positions = Replace(Positions, Positions.index_select(0, rows));
        if (SlotIsToken is not null) SlotIsToken = Replace(SlotIsToken, SlotIsToken.index_select(0, rows));
    }

    private static Tensor Replace(Tensor old, Tensor replacement)
    {
        old.Dispose();
        return replacement.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        Tokens.Dispose();
        Positions.Dispose();
        SlotIsToken?.Dispose();
    }
}
