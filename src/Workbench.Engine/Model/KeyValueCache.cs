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

    /// <summary>
    /// Keeps only the given rows of the batch, in the given order (a row may repeat): e.g. the samples still
    /// being written when the caller's batch shrinks or is reordered between steps.
    /// </summary>
    /// <param name="rows">(rows) int64 indices into the current batch</param>
    public void SelectRows(Tensor rows)
    {
        foreach (var layer in Layers) layer.SelectRows(rows);
    }

    /// <summary>Takes the cached tensors out of the current dispose scope, so the cache outlives the scope it was filled in.</summary>
    public void DetachFromDisposeScope()
    {
        foreach (var layer in Layers) layer.DetachFromDisposeScope();
    }

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

        internal void SelectRows(Tensor rows)
        {
            var (oldKeys, oldValues) = (Keys, Values);
            Keys = oldKeys?.index_select(0, rows);
            Values = oldValues?.index_select(0, rows);
            oldKeys?.Dispose();
            oldValues?.Dispose();
        }

        internal void DetachFromDisposeScope()
        {
            Keys?.DetachFromDisposeScope();
            Values?.DetachFromDisposeScope();
        }

        public void Dispose()
        {
            Keys?.Dispose();
            Values?.Dispose();
        }
    }
}
