using static TorchSharp.torch;

namespace Workbench.Engine.Model;

/// <summary>
/// Every layer's attention keys and values of the positions a causal <see cref="Transformer"/> has read,
/// so that incremental decoding reads each new token once instead of re-reading the whole sequence.
/// Owns its tensors: dispose it (or the dispose scope it was filled in) when decoding is done.
/// </summary>
public sealed class KeyValueCache : IDisposable
{
    public KeyValueCache(int depth) => Layers = [.. Enumerable.Range(0, depth).Select(_ => new Layer())];

    /// <summary>Positions read so far.</summary>
    public int Length { get; internal set; }

    public IReadOnlyList<Layer> Layers { get; }

    public void Dispose()
    {
        foreach (var layer in Layers) layer.Dispose();
    }

    public sealed class Layer : IDisposable
    {
        /// <summary>(batch, heads, positions, headWidth), or null before the first token.</summary>
        public Tensor? Keys { get; private set; }

        /// <summary>(batch, heads, positions, headWidth), or null before the first token.</summary>
        public Tensor? Values { get; private set; }

        /// <summary>Appends the new positions' keys and values along time.</summary>
        /// <returns>all keys and values so far</returns>
        internal (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values)
        {
            var (oldKeys, oldValues) = (Keys, Values);
            Keys = oldKeys is null ? keys.contiguous() : cat([oldKeys, keys], 2);
            Values = oldValues is null ? values.contiguous() : cat([oldValues, values], 2);
            oldKeys?.Dispose();
            oldValues?.Dispose();
            return (Keys, Values);
        }

        public void Dispose()
        {
            Keys?.Dispose();
            Values?.Dispose();
        }
    }
}
