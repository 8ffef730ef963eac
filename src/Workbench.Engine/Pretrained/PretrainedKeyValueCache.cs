using static TorchSharp.torch;

namespace Workbench.Engine.Pretrained;

/// <summary>
/// Every layer's keys and values of the positions a <see cref="PretrainedModel"/> has read, preallocated for
/// (batch, capacity) with the model's own key/value heads and head width and written in place, so decoding never
/// re-concatenates. Slot s of every row holds the s-th token that row was given (padding included); the attention
/// mask passed to <see cref="PretrainedModel.Forward"/> says which slots are real. This is the one type that knows
/// the cache's layout, so that it can be replaced by the generation engine's cache.
/// </summary>
public sealed class PretrainedKeyValueCache : IDisposable
{
    private readonly Tensor[] keys;
    private readonly Tensor[] values;

    internal PretrainedKeyValueCache(int layers, int batch, int capacity, int keyValueHeads, int headWidth, ScalarType dtype, Device device)
    {
        Batch = batch;
        Capacity = capacity;
        keys = new Tensor[layers];
        values = new Tensor[layers];
        for (var layer = 0; layer < layers; layer++)
        {
            keys[layer] = zeros([batch, keyValueHeads, capacity, headWidth], dtype, device).DetachFromDisposeScope();   // (batch, kvHeads, capacity, headWidth)
            values[layer] = zeros([batch, keyValueHeads, capacity, headWidth], dtype, device).DetachFromDisposeScope(); // (batch, kvHeads, capacity, headWidth)
        }
    }

    public int Batch { get; }

    public int Capacity { get; }

    /// <summary>Slots filled so far (the same for every row).</summary>
    public int Length { get; private set; }

    /// <summary>Bytes the cache holds.</summary>
    public long Bytes => keys.Sum(tensor => tensor.NumberOfElements * tensor.ElementSize) * 2;

    /// <summary>Writes one layer's new keys and values after the filled slots.</summary>
    /// <param name="newKeys">(batch, kvHeads, new, headWidth)</param>
    /// <returns>views of every filled slot including the new ones: (batch, kvHeads, Length + new, headWidth)</returns>
    internal (Tensor Keys, Tensor Values) Write(int layer, Tensor newKeys, Tensor newValues)
    {
        var count = newKeys.shape[2];
        using (var keySlots = keys[layer].narrow(2, Length, count)) keySlots.copy_(newKeys);
        using (var valueSlots = values[layer].narrow(2, Length, count)) valueSlots.copy_(newValues);
        return (keys[layer].narrow(2, 0, Length + count), values[layer].narrow(2, 0, Length + count));
    }

    /// <summary>Called once per forward pass, after every layer has written its <paramref name="count"/> new slots.</summary>
    internal void Advance(int count) => Length += count;

    public void Dispose()
    {
        foreach (var tensor in keys.Concat(values)) tensor.Dispose();
    }
}
