using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Pretrained;
using Workbench.Runs.Workers;

namespace Workbench.Runs.Models;

/// <summary>
/// The models this worker sees in its models folder (Models:Path) and whether it can load each: every folder holding a
/// config.json, one level down (<c>gpt2</c>) or two (<c>meta-llama/Llama-3.2-1B</c>), opened as a run would open it
/// (config, weight headers, tokenizer) without reading the weights, and hashed as runs record it. Looked at again every
/// <see cref="Interval"/>; a model whose files (names, sizes, times) did not change is not read again.
/// </summary>
public sealed class ModelShelf(ModelLibrary library, WorkerCapabilities worker, WorkerActivity activity, ILogger<ModelShelf> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (string Signature, VisibleModel Model)> seen = [];
    private readonly TaskCompletionSource looked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>One look at a time: the periodic one, or one a run asked for.</summary>
    private readonly SemaphoreSlim looking = new(1, 1);

    public string Path => library.Root;

    /// <summary>Why the folder itself cannot be read (it does not exist), or null.</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<VisibleModel> Models { get; private set; } = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                // Hashing a big model takes a while: off the host's start-up, and off the heartbeat of the presence record.
                await LookNow(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Reading the models folder {Path} failed", Path);
            }
            looked.TrySetResult();
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task LookNow(CancellationToken cancellationToken)
    {
        await looking.WaitAsync(cancellationToken);
        try
        {
            if (await Task.Run(Look, cancellationToken)) activity.Changed();
        }
        finally
        {
            looking.Release();
        }
    }

    /// <summary>Reads the folder; true when what it holds changed.</summary>
    private bool Look()
    {
        var problem = Directory.Exists(Path) ? null : $"its models folder {Path} does not exist";
        var models = problem is null ? [.. library.Names().Select(Inspect)] : new List<VisibleModel>();
        var changed = problem != Problem || !models.SequenceEqual(Models);
        (Problem, Models) = (problem, models);
        return changed;
    }

    private VisibleModel Inspect(string name)
    {
        var folder = library.PathOf(name);
        var files = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(file => file.FullName, StringComparer.Ordinal).ToList();
        var signature = string.Join("\n", files.Select(file => $"{file.FullName} {file.Length} {file.LastWriteTimeUtc.Ticks}"));
        if (seen.TryGetValue(name, out var known) && known.Signature == signature) return known.Model;
        var inspected = Read(name, files.Sum(file => file.Length));
        seen[name] = (signature, inspected);
        return inspected;
    }

    private VisibleModel Read(string name, long bytes)
    {
        try
        {
            var model = library.Open(name);
            using (model.LoadTokenizer()) { }
            var manifest = model.ComputeManifest();
            var parameters = model.ParameterCount;
            return new VisibleModel(name, model.Config.ModelType, parameters,
                [.. model.Weights.Tensors.Select(tensor => tensor.DataType).Distinct().Order(StringComparer.Ordinal)],
                manifest.Bytes, manifest.Sha256, ModelMemory.Problem(parameters, worker.ComputeTypeName, worker.Device, worker.MemoryBytes));
        }
        catch (Exception refused) // whatever a folder holds, it is reported, never the end of the look
        {
            return new VisibleModel(name, null, null, [], bytes, null, refused.Message);
        }
    }

    /// <summary>Why this worker cannot take a run that needs <paramref name="requirement"/>, or null. A run with models waits for
    /// the first look; a model it names that the last look did not find, or could not load, is looked for again at once, so
    /// that a model put in the folder just before the submit is taken without waiting for the next look.</summary>
    public async Task<string?> Refusal(RunRequirement requirement, CancellationToken cancellationToken)
    {
        if (requirement.Models.Count > 0) await looked.Task.WaitAsync(cancellationToken);
        if (requirement.Models.Any(name => Models.FirstOrDefault(model => model.Name == name) is not { Problem: null }))
            await LookNow(cancellationToken);
        return requirement.Problem(worker.Name, worker.Device, worker.ComputeTypeName, worker.MemoryBytes, Path, Problem, Models);
    }
}
