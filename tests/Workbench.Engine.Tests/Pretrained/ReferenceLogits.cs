using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Testing.Pretrained;

namespace Workbench.Engine.Tests.Pretrained;

/// <summary>
/// Writes every tiny model once and runs the independent PyTorch reference (<c>reference_forward.py</c>, Debian's
/// python3-torch, installed by infra/test.sh) over all of them in one Python process.
/// </summary>
public sealed class ReferenceLogits : IDisposable
{
    /// <summary>The sequence every model is checked on: long enough for RoPE scaling and positions to matter.</summary>
    public static readonly long[] Sequence = [5, 17, 250, 3, 99, 42, 7, 120, 64, 1, 299, 33, 180, 2];

    private readonly Dictionary<string, float[]> logits = [];

    public ReferenceLogits()
    {
        Root = Directory.CreateTempSubdirectory("workbench-pretrained-").FullName;
        foreach (var model in TinyModels.All) TinyModels.Write(model, Folder(model.Name));
        // The same Llama-3 weights without rope_scaling: a case that shows whether the scaling is applied at all.
        var unscaled = TinyModels.Named("llama3");
        var config = unscaled.Config.DeepClone().AsObject();
        config.Remove("rope_scaling");
        TinyModels.Write(unscaled with { Config = config }, Folder("llama3-unscaled"));
        RunReference([.. TinyModels.All.Select(model => model.Name), "llama3-unscaled"]);
    }

    public string Root { get; }

    public string Folder(string model) => Path.Combine(Root, model);

    /// <returns>(sequence length × vocabulary) float32 logits, row-major</returns>
    public float[] Of(string model) => logits[model];

    private void RunReference(IReadOnlyList<string> models)
    {
        var jobs = new JsonArray([.. models.Select(name => (JsonNode)new JsonObject
        {
            ["name"] = name, ["folder"] = Folder(name), ["ids"] = new JsonArray([.. Sequence.Select(id => (JsonNode)id)]),
        })]);
        var jobsPath = Path.Combine(Root, "jobs.json");
        File.WriteAllText(jobsPath, jobs.ToJsonString());
        var script = Path.Combine(AppContext.BaseDirectory, "Pretrained", "reference_forward.py");
        // Debian's interpreter, where python3-torch lives (a python3 earlier on PATH may be another one).
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        using var process = Process.Start(new ProcessStartInfo(python, [script, jobsPath, Root])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The PyTorch reference failed (python3-torch is installed by infra/test.sh):\n{errors}");
        foreach (var name in models)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Root, name + ".bin"));
            var values = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            logits[name] = values;
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class ReferenceLogitsCollection : ICollectionFixture<ReferenceLogits>
{
    public const string Name = "pretrained reference logits";
}
