using TorchSharp;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using static TorchSharp.torch;

namespace Workbench.Engine.Pretrained;

/// <summary>One tensor's place in a safetensors file.</summary>
/// <param name="Offset">absolute byte offset of its data in <paramref name="File"/></param>
public sealed record StoredTensor(string Name, string File, string DataType, long[] Shape, long Offset, long Length)
{
    public ScalarType ScalarType => DataType switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        _ => throw new ModelLoadException($"{Path.GetFileName(File)}: tensor {Name} has dtype {DataType}; only F32, F16 and BF16 are implemented."),
    };
}

/// <summary>
/// The tensors of a model folder's <c>*.safetensors</c> files: one <c>model.safetensors</c>, or the shards named by
/// <c>model.safetensors.index.json</c>. Only the headers are read up front; <see cref="ReadInto"/> reads one tensor's
/// bytes straight from the file into the destination tensor's memory (positioned reads, no managed copy and no
/// memory map), so loading never holds a second copy of the weights — at most one tensor in its stored dtype while
/// it is converted.
/// </summary>
public sealed class SafetensorsWeights
{
    private const long ChunkBytes = 1L << 30; // a Span addresses at most 2 GB; big tensors are read in pieces

    private readonly Dictionary<string, StoredTensor> tensors;

    private SafetensorsWeights(Dictionary<string, StoredTensor> tensors) => this.tensors = tensors;

    public IReadOnlyCollection<StoredTensor> Tensors => tensors.Values;

    public bool Contains(string name) => tensors.ContainsKey(name);

    public StoredTensor this[string name] => tensors[name];

    /// <summary>Reads the headers of the folder's weights, single file or sharded.</summary>
    public static SafetensorsWeights Open(string folder)
    {
        var index = Path.Combine(folder, "model.safetensors.index.json");
        var single = Path.Combine(folder, "model.safetensors");
        var tensors = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        if (File.Exists(index))
        {
            var weightMap = ReadWeightMap(index);
            foreach (var shard in weightMap.Values.Distinct().Order(StringComparer.Ordinal))
            {
                var path = Path.Combine(folder, shard);
                if (!File.Exists(path))
                    throw new ModelLoadException($"model.safetensors.index.json names the shard {shard}, which is not in the folder.");
                foreach (var tensor in ReadHeader(path)) tensors[tensor.Name] = tensor;
            }
            foreach (var (name, shard) in weightMap)
                if (!tensors.TryGetValue(name, out var stored) || Path.GetFileName(stored.File) != shard)
                    throw new ModelLoadException($"model.safetensors.index.json places {name} in {shard}, but that shard does not hold it.");
        }
        else if (File.Exists(single))
        {
            foreach (var tensor in ReadHeader(single)) tensors[tensor.Name] = tensor;
        }
        else
        {
            throw new ModelLoadException("The folder has neither model.safetensors nor model.safetensors.index.json.");
        }
        return new SafetensorsWeights(tensors);
    }

    /// <summary>Fills <paramref name="destination"/> (its shape, any dtype, any device) with the stored tensor.</summary>
    public void ReadInto(string name, Tensor destination)
    {
        var stored = tensors[name];
        if (!stored.Shape.SequenceEqual(destination.shape))
            throw new ModelLoadException($"{Path.GetFileName(stored.File)}: tensor {name} has shape [{string.Join(", ", stored.Shape)}]; the config implies [{string.Join(", ", destination.shape)}].");
        using var noGrad = no_grad();
        var direct = destination.dtype == stored.ScalarType && destination.device_type == DeviceType.CPU && destination.is_contiguous();
        if (direct)
        {
            ReadBytes(stored, destination);
            return;
        }
        using var staging = empty(stored.Shape, stored.ScalarType);
        ReadBytes(stored, staging);
        destination.copy_(staging);
    }

    private static void ReadBytes(StoredTensor stored, Tensor destination)
    {
        using var handle = File.OpenHandle(stored.File, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        using var flat = destination.view(-1);
        var elementSize = flat.ElementSize;
        var elementsPerChunk = ChunkBytes / elementSize;
        for (long start = 0; start < flat.NumberOfElements; start += elementsPerChunk)
        {
            using var chunk = flat.narrow(0, start, Math.Min(elementsPerChunk, flat.NumberOfElements - start));
            ReadExactly(handle, chunk.bytes, stored.Offset + start * elementSize, stored);
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> target, long offset, StoredTensor stored)
    {
        while (target.Length > 0)
        {
            var read = RandomAccess.Read(handle, target, offset);
            if (read == 0) throw new ModelLoadException($"{Path.GetFileName(stored.File)} ends inside tensor {stored.Name}: the file is truncated.");
            target = target[read..];
            offset += read;
        }
    }

    private static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(indexPath));
        if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            throw new ModelLoadException("model.safetensors.index.json has no weight_map object.");
        return map.EnumerateObject().ToDictionary(entry => entry.Name, entry => entry.Value.GetString() ?? "", StringComparer.Ordinal);
    }

    /// <summary>The safetensors header: an 8-byte little-endian length, then JSON naming each tensor's dtype, shape and byte range.</summary>
    private static IEnumerable<StoredTensor> ReadHeader(string path)
    {
        var name = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Read(lengthBytes) != 8) throw new ModelLoadException($"{name} is too short to be a safetensors file.");
        var headerLength = BitConverter.ToInt64(lengthBytes);
        if (headerLength <= 0 || headerLength > 100_000_000 || 8 + headerLength > stream.Length)
            throw new ModelLoadException($"{name} has an invalid safetensors header length {headerLength}.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + headerLength;
        using var document = JsonDocument.Parse(header);
        var result = new List<StoredTensor>();
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            var dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(size => size.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64()).ToArray();
            var tensor = new StoredTensor(entry.Name, path, dtype, shape, dataStart + offsets[0], offsets[1] - offsets[0]);
            if (dataStart + offsets[1] > stream.Length)
                throw new ModelLoadException($"{name}: tensor {entry.Name} lies beyond the end of the file (truncated?).");
            if (tensor.Length != shape.Aggregate(1L, (product, size) => product * size) * ElementBytes(tensor))
                throw new ModelLoadException($"{name}: tensor {entry.Name}'s byte range does not match its shape and dtype.");
            result.Add(tensor);
        }
        return result;
    }

    private static long ElementBytes(StoredTensor tensor) => tensor.DataType switch
    {
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "F64" or "I64" or "U64" => 8,
        _ => 1,
    };
}
