using static TorchSharp.torch;

namespace Workbench.Engine.Generation;

/// <summary>One layer's key/value layout: grouped-query attention keeps fewer key/value heads than query heads.</summary>
public readonly record struct KeyValueShape(int KeyValueHeads, int HeadWidth);

/// <summary>
/// Every layer's attention keys and values of the slots a causal model has read, preallocated for
/// <see cref="Capacity"/> slots (prompt and output) and written in place, so that decoding reads each new token
/// once and never re-concatenates what it has read. Memory is fixed at creation:
/// 2 × layers × batch × key/value heads × capacity × head width × the dtype's size (<see cref="Bytes"/>).
/// Owns its tensors whatever dispose scope it was made in: dispose it when decoding is done.
/// </summary>
public sealed class KeyValueCache : IDisposable
{
    /// <param name="batch">rows</param>
    /// <param name="capacity">slots per row: the longest prompt plus the tokens that will be read after it</param>
    /// <param name="layers">per layer, its key/value heads and head width</param>
    /// <param name="dtype">float32 on the CPU, the compute dtype (bfloat16) on CUDA</param>
    public KeyValueCache(int batch, int capacity, IReadOnlyList<KeyValueShape> layers, ScalarType dtype, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Layers = [.. layers.Select(shape => new Layer(batch, capacity, shape, dtype, device))];
    }

    /// <summary>Slots per row.</summary>
    public int Capacity { get; }

    /// <summary>Rows, after any <see cref="SelectRows"/>.</summary>
    public long Batch => Layers.Count == 0 ? 0 : Layers[0].Keys.shape[0];

    /// <summary>Slots written so far (the same in every layer once a forward pass is complete).</summary>
    public int Length => Layers.Count == 0 ? 0 : Layers[^1].Length;

    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>Bytes the keys and values take.</summary>
    public long Bytes => Layers.Sum(layer => 2 * layer.Keys.NumberOfElements * layer.Keys.ElementSize);

    /// <summary>
    /// Keeps only the given rows, in the given order (a row may repeat): e.g. the rows still being written once half
    /// of them have finished. This copies the cache once, so the engine calls it rarely, not every step.
    /// </summary>
    /// <param name="rows">(rows) int64 indices into the current batch</param>
    public void SelectRows(Tensor rows)
    {
        foreach (var layer in Layers) layer.SelectRows(rows);
    }

    public void Dispose()
    {
        foreach (var layer in Layers) layer.Dispose();
    }

    public sealed class Layer : IDisposable
    {
        internal Layer(int batch, int capacity, KeyValueShape shape, ScalarType dtype, Device device)
        {
            Shape = shape;
            // Uninitialised: only written slots are ever read.
            Keys = empty([batch, shape.KeyValueHeads, capacity, shape.HeadWidth], dtype, device).DetachFromDisposeScope();
            Values = empty([batch, shape.KeyValueHeads, capacity, shape.HeadWidth], dtype, device).DetachFromDisposeScope();
        }

        public KeyValueShape Shape { get; }

        /// <summary>Slots of this layer written so far.</summary>
        public int Length { get; private set; }

        /// <summary>(batch, keyValueHeads, capacity, headWidth): the whole buffer, written up to <see cref="Length"/>.</summary>
        public Tensor Keys { get; private set; }

        /// <summary>(batch, keyValueHeads, capacity, headWidth): the whole buffer, written up to <see cref="Length"/>.</summary>
        public Tensor Values { get; private set; }

        /// <summary>Writes the new slots' keys and values after those already held, in place (converting to the cache's dtype).</summary>
        /// <param name="keys">(batch, keyValueHeads, new, headWidth)</param>
        /// <param name="values">(batch, keyValueHeads, new, headWidth)</param>
        /// <returns>views (batch, keyValueHeads, Length, headWidth) of every slot written so far, the new ones included</returns>
        /// <exception cref="InvalidOperationException">the new slots do not fit the capacity</exception>
        public (Tensor Keys, Tensor Values) Append(Tensor keys, Tensor values)
        {
            var count = (int)keys.shape[2];
            var capacity = Keys.shape[2];
            if (Length + count > capacity)
                throw new InvalidOperationException($"The cache holds {capacity} slots; {Length} are written and {count} more do not fit.");
            Keys.narrow(2, Length, count).copy_(keys);
            Values.narrow(2, Length, count).copy_(values);
            Length += count;
            return (Keys.narrow(2, 0, Length), Values.narrow(2, 0, Length));
        }

        internal void SelectRows(Tensor rows)
        {
            var (oldKeys, oldValues) = (Keys, Values);
            Keys = oldKeys.index_select(0, rows).DetachFromDisposeScope();
            Values = oldValues.index_select(0, rows).DetachFromDisposeScope();
            oldKeys.Dispose();
            oldValues.Dispose();
        }

        public void Dispose()
        {
            Keys.Dispose();
            Values.Dispose();
        }
    }
}
