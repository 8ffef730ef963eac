using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace Workbench.Testing.Pretrained;

/// <summary>Writes tensors in the safetensors format (and a sharded index), as the Hugging Face library does.</summary>
public static class SafetensorsWriter
{
    /// <param name="dtype">"F32", "F16" or "BF16": the stored dtype</param>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Value)> tensors, string dtype)
    {
        var scalar = dtype switch { "F16" => ScalarType.Float16, "BF16" => ScalarType.BFloat16, _ => ScalarType.Float32 };
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, value) in tensors)
        {
            using var stored = value.to(scalar).contiguous();
            var bytes = stored.bytes.ToArray();
            header[name] = new { dtype, shape = value.shape, data_offsets = new[] { offset, offset + bytes.Length } };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var padded = json.Concat(Enumerable.Repeat((byte)' ', (8 - json.Length % 8) % 8)).ToArray(); // the header is padded to 8 bytes
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((long)padded.Length));
        file.Write(padded);
        foreach (var blob in blobs) file.Write(blob);
    }

    /// <summary>Splits the tensors over <paramref name="shards"/> files named like Hugging Face's, with model.safetensors.index.json.</summary>
    public static void WriteSharded(string folder, IReadOnlyList<(string Name, Tensor Value)> tensors, string dtype, int shards)
    {
        var weightMap = new Dictionary<string, string>();
        var perShard = (tensors.Count + shards - 1) / shards;
        for (var shard = 0; shard < shards; shard++)
        {
            var file = $"model-{shard + 1:00000}-of-{shards:00000}.safetensors";
            var part = tensors.Skip(shard * perShard).Take(perShard).ToList();
            Write(Path.Combine(folder, file), part, dtype);
            foreach (var (name, _) in part) weightMap[name] = file;
        }
        var index = new { metadata = new { total_size = tensors.Sum(tensor => tensor.Value.numel() * 2) }, weight_map = weightMap };
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"), JsonSerializer.Serialize(index));
    }
}
