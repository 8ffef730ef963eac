using Workbench.Engine.Generation;
using static TorchSharp.torch;

namespace Workbench.Engine.Tests.Generation;

/// <summary>The cache as a pretrained model uses it: its own head counts per layer, its dtype, writes in place.</summary>
public class KeyValueCacheTests
{
    public KeyValueCacheTests() => TestTorch.Configure();

    [Fact]
    public void Each_layer_has_its_own_key_value_heads_and_head_width_in_the_cache_dtype()
    {
        // Grouped-query attention: 2 key/value heads of width 8 in one layer, 1 of width 4 in the other; bfloat16 as on CUDA.
        using var cache = new KeyValueCache(3, 10, [new KeyValueShape(2, 8), new KeyValueShape(1, 4)], ScalarType.BFloat16, CPU);
        Assert.Equal([3L, 2, 10, 8], cache.Layers[0].Keys.shape);
        Assert.Equal([3L, 1, 10, 4], cache.Layers[1].Values.shape);
        Assert.Equal(ScalarType.BFloat16, cache.Layers[1].Keys.dtype);
        Assert.Equal(2 * 2 * (3 * 2 * 10 * 8 + 3 * 1 * 10 * 4), cache.Bytes); // keys and values, 2 bytes each
    }

    [Fact]
    public void Appending_writes_in_place_and_returns_every_slot_so_far()
    {
        using var scope = NewDisposeScope();
        using var cache = new KeyValueCache(2, 5, [new KeyValueShape(1, 2)], ScalarType.Float32, CPU);
        var layer = cache.Layers[0];
        var before = layer.Keys.alias();                                 // a view of the buffer as allocated
        var first = arange(2 * 1 * 3 * 2, dtype: ScalarType.Float32).view(2, 1, 3, 2);
        var (keys, _) = layer.Append(first, first.neg());
        var (more, values) = layer.Append(full(2, 1, 2, 2, 7f), full(2, 1, 2, 2, 8f));

        Assert.True(before.eq(layer.Keys).all().item<bool>());              // written in place, never reallocated
        Assert.Equal([2L, 1, 3, 2], keys.shape);
        Assert.Equal(5, cache.Length);
        Assert.True(more.narrow(2, 0, 3).eq(first).all().item<bool>());
        Assert.Equal(8f, values[1, 0, 4, 1].item<float>());
        Assert.Throws<InvalidOperationException>(() => layer.Append(first.narrow(2, 0, 1), first.narrow(2, 0, 1)));
    }

    [Fact]
    public void Selecting_rows_keeps_them_in_the_order_given()
    {
        using var scope = NewDisposeScope();
        using var cache = new KeyValueCache(3, 2, [new KeyValueShape(1, 1)], ScalarType.Float32, CPU);
        cache.Layers[0].Append(tensor(new float[] { 10, 11, 20, 21, 30, 31 }).view(3, 1, 2, 1), zeros(3, 1, 2, 1));

        cache.SelectRows(tensor(new long[] { 2, 0, 2 }));

        Assert.Equal(3, cache.Batch);
        Assert.Equal(2, cache.Length);
        Assert.Equal([30f, 31, 10, 11, 30, 31], cache.Layers[0].Keys.data<float>().ToArray());
    }
}
