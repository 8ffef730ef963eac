using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>
/// The reference for <see cref="CachedDecoderState"/>: every step re-reads each whole sequence (prompt and output so
/// far) into a fresh cache. Same inputs, same padding and positions, quadratic cost: for tests and benchmarks.
/// </summary>
internal sealed class ReforwardDecoderState(ICausalLanguageModel model, IReadOnlyList<int[]> prompts, int readAfterPrompt) : IDecoderState
{
    private readonly PaddedPrompts batch = new(prompts, readAfterPrompt, model.ContextLength, model.Device);
    private int length;

    public long Rows => batch.Tokens.shape[0];

    public Device Device => model.Device;

    public Tensor Start()
    {
        length = batch.Longest;
        return Reread();
    }

    public Tensor Next(Tensor written, Tensor finished)
    {
        batch.Tokens.narrow(1, length, 1).copy_(written.unsqueeze(1));
        length++;
        return Reread();
    }

    public void KeepRows(Tensor rows) => batch.KeepRows(rows);

    /// <returns>(rows, vocabulary) the next-token logits after the first <see cref="length"/> slots</returns>
    private Tensor Reread()
    {
        using var scope = NewDisposeScope();
        using var cache = model.NewCache((int)Rows, length);
        return model.Forward(batch.Tokens.narrow(1, 0, length), batch.Positions.narrow(1, 0, length), batch.MaskUpTo(length), cache, logitsToKeep: 1)
            .select(1, 0).MoveToOuterDisposeScope();
    }

    public void Dispose() => batch.Dispose();
}
