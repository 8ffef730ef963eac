using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>
/// What the engine's decoding loop reads from: the next-token logits of every row it is writing, advanced one
/// chosen token per row at a time. A cached causal model (<see cref="GenerationEngine.Start"/>), a model read whole
/// at every step, a managed source of known probabilities, and a mixture of two states (nudging) implement it.
/// The caller owns and disposes every tensor it is given.
/// </summary>
public interface IDecoderState : IDisposable
{
    /// <summary>Rows being decoded (fewer after <see cref="KeepRows"/>).</summary>
    long Rows { get; }

    /// <summary>Where the logits live; sampling generators must be on this device.</summary>
    Device Device { get; }

    /// <summary>Reads the prompts.</summary>
    /// <returns>(rows, vocabulary) logits of each row's first new token</returns>
    Tensor Start();

    /// <summary>Reads the token each row has just written.</summary>
    /// <param name="written">(rows) int64</param>
    /// <param name="finished">(rows) bool: rows that have written an end token; they are still read (until the engine
    /// drops them) but their logits are ignored</param>
    /// <returns>(rows, vocabulary) logits of each row's next token</returns>
    Tensor Next(Tensor written, Tensor finished);

    /// <summary>Keeps only these rows, in this order (e.g. the unfinished ones).</summary>
    /// <param name="rows">(kept) int64 indices into the current rows, on <see cref="Device"/></param>
    void KeepRows(Tensor rows);
}
