using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>
/// A decoder-only language model as <see cref="GenerationEngine"/> drives it: our <see cref="Model.Transformer"/>
/// and the pretrained Hugging Face architectures implement it. The engine owns batching, left padding,
/// positions, the cache's lifetime, decoding and disposal; the model only has to read new tokens after what its
/// cache holds and give their next-token logits. Everything below is the contract an implementation must keep.
/// <list type="bullet">
/// <item><b>Rows and slots.</b> The engine left-pads the prompts of a batch to one length. A cache slot is a column
/// of the batch, not a position: in a row padded by <c>p</c> slots, slot <c>j</c> holds position <c>j − p</c>.</item>
/// <item><b>Positions</b> are given explicitly per row and token (learned absolute embeddings look them up, rotary
/// embeddings rotate queries and keys by them). Padding slots get position 0; never derive positions from slots.</item>
/// <item><b>Attention.</b> A new token in slot <c>s</c> may attend to slot <c>j</c> iff <c>j ≤ s</c> and the mask
/// marks <c>j</c> as a real token. A padding slot must still attend to something (itself is simplest) so that its
/// hidden states, and the keys and values it leaves in the cache, stay finite: a NaN there would reach real rows as
/// 0 × NaN even though it is masked out.</item>
/// <item><b>Cache.</b> Each layer writes the new slots' keys and values (after rotary embedding, in the model's
/// key/value head count: grouped-query attention stores the few key/value heads, not the query heads) with
/// <see cref="KeyValueCache.Layer.Append"/>, which writes in place and returns every slot so far. Never copy or
/// re-concatenate the cache; the engine drops and reorders rows with <see cref="KeyValueCache.SelectRows"/>.</item>
/// <item><b>Memory.</b> The engine calls <see cref="Forward"/> inside <c>no_grad</c> and a dispose scope per step
/// and disposes the logits it gets; the model must not keep tensors between calls except in the cache.</item>
/// <item><b>Inference mode</b> (no dropout) is the model's own concern.</item>
/// </list>
/// </summary>
public interface ICausalLanguageModel
{
    /// <summary>Width of the logits: the tokens the model can write (may exceed the tokenizer's vocabulary when the head is padded).</summary>
    int VocabularySize { get; }

    /// <summary>Positions the model can read: every position id must be below this.</summary>
    int ContextLength { get; }

    /// <summary>Where the weights live; the engine puts every input there.</summary>
    Device Device { get; }

    /// <summary>
    /// An empty cache for <paramref name="batch"/> rows of <paramref name="capacity"/> slots, in the model's layer count,
    /// key/value heads, head width and compute dtype (float32 on the CPU, bfloat16 on CUDA), on <see cref="Device"/>.
    /// </summary>
    KeyValueCache NewCache(int batch, int capacity);

    /// <summary>Reads <paramref name="tokens"/> as the continuation of what <paramref name="cache"/> holds, writing their keys and values into it.</summary>
    /// <param name="tokens">(batch, new) int64 token ids: a whole prompt or a chunk of it, or one token per row while generating</param>
    /// <param name="positions">(batch, new) int64: each token's position in its own row, 0 for the first real token</param>
    /// <param name="attentionMask">(batch, cache.Length + new) bool over the slots read so far and the new ones: true for a
    /// real token, false for padding; null when no row is padded, so that a plain causal mask (or none, for one new token)
    /// may be used</param>
    /// <param name="cache">holds <c>cache.Length</c> slots of every row; afterwards <c>cache.Length + new</c></param>
    /// <param name="logitsToKeep">compute logits only for the last this many new slots (0: all of them), as Hugging Face's
    /// <c>logits_to_keep</c>: generating asks for 1, so that reading a prompt never builds (batch, prompt, vocabulary)</param>
    /// <returns>(batch, kept, vocabulary) next-token logits, in any floating dtype; the caller disposes them</returns>
    Tensor Forward(Tensor tokens, Tensor positions, Tensor? attentionMask, KeyValueCache cache, int logitsToKeep);
}
