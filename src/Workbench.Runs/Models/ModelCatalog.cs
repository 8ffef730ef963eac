using Workbench.Runs.Workers;

namespace Workbench.Runs.Models;

/// <summary>A worker that cannot load a model, and why (a refused config, too big for it, not in its models folder).</summary>
public sealed record WorkerRefusal(string Worker, string Reason);

/// <summary>A model as the live workers see it: one row per name and content hash.</summary>
/// <param name="Sha256">null for a folder no worker can open</param>
/// <param name="LoadableBy">the workers that can load it</param>
/// <param name="RefusedBy">every other live worker, with its reason</param>
public sealed record ModelListing(
    string Name, string? Architecture, long? Parameters, IReadOnlyList<string> StoredDtypes, long Bytes, string? Sha256,
    IReadOnlyList<string> LoadableBy, IReadOnlyList<WorkerRefusal> RefusedBy);

/// <summary>The models of the workers that are alive, from their presence records (<see cref="VisibleModel"/>).</summary>
public static class ModelCatalog
{
    public static IReadOnlyList<ModelListing> Of(IReadOnlyList<WorkerStatus> workers)
    {
        var live = workers.Where(status => !status.Stale).Select(status => status.Worker).ToList();
        var seen = live.SelectMany(worker => worker.Models.Select(model => (Worker: worker, Model: model)));
        return [.. seen
            .GroupBy(entry => (entry.Model.Name, entry.Model.Sha256))
            .OrderBy(group => group.Key.Name, StringComparer.Ordinal).ThenBy(group => group.Key.Sha256, StringComparer.Ordinal)
            .Select(group =>
            {
                var model = group.First().Model;
                var refused = group.Where(entry => entry.Model.Problem is not null)
                    .Select(entry => new WorkerRefusal(entry.Worker.Id, entry.Model.Problem!))
                    .Concat(live.Where(worker => group.All(entry => entry.Worker.Id != worker.Id)).Select(worker => new WorkerRefusal(worker.Id, Absent(worker, model))));
                return new ModelListing(model.Name, model.Architecture, model.Parameters, model.StoredDtypes, model.Bytes, model.Sha256,
                    [.. group.Where(entry => entry.Model.Problem is null).Select(entry => entry.Worker.Id).Order(StringComparer.Ordinal)],
                    [.. refused.OrderBy(refusal => refusal.Worker, StringComparer.Ordinal)]);
            })];
    }

    /// <summary>Why a worker that has no such entry cannot load the model.</summary>
    private static string Absent(WorkerPresence worker, VisibleModel model) =>
        worker.ModelsProblem ?? (worker.Models.FirstOrDefault(other => other.Name == model.Name) is { } other
            ? other.Sha256 is null ? "its copy cannot be opened" : $"its copy differs (sha256 {other.Sha256[..12]}…)"
            : $"not in its models folder {worker.ModelsPath}");
}
