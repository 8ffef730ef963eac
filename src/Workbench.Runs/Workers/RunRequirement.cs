using Workbench.Engine;
using Workbench.Engine.Pretrained;
using Workbench.Runs.Models;

namespace Workbench.Runs.Workers;

/// <summary>
/// What a run needs of the worker that takes it, derived in one place for every kind: the device (the spec's own
/// <see cref="ExperimentSpec.Device"/>, which also chose its queue) and the pretrained models it names (its kind's
/// inputs, <see cref="PretrainedModelInput"/>), which the worker must see and hold in memory.
/// </summary>
/// <param name="Models">names in the models folder</param>
/// <param name="Trained">those of <paramref name="Models"/> the run trains (<see cref="PretrainedModelInput.Trained"/>)</param>
public sealed record RunRequirement(DeviceRequirement Device, IReadOnlyList<string> Models, IReadOnlyList<string>? Trained = null)
{
    public static RunRequirement Of(ExperimentSpec spec)
    {
        var models = ExperimentKinds.Of(spec).InputsOf(spec).OfType<PretrainedModelInput>().ToList();
        return new(spec.Device, [.. models.Select(input => input.Name).Distinct()],
            [.. models.Where(input => input.Trained).Select(input => input.Name).Distinct()]);
    }

    /// <summary>Why the worker its presence record describes cannot take the run, or null.</summary>
    public string? Problem(WorkerPresence worker) =>
        Problem(worker.Id, worker.Device, worker.ComputeType, worker.MemoryBytes, worker.ModelsPath, worker.ModelsProblem, worker.Models);

    /// <summary>Why a worker cannot take the run: it needs CUDA and the worker computes on the CPU; a model it does not see
    /// or cannot load; models that together, or with what training one needs, do not fit its memory. Null when it can.</summary>
    /// <param name="memory">what models must fit in (<see cref="WorkerCapabilities.MemoryBytes"/>)</param>
    public string? Problem(
        string worker, string device, string dtype, long memory, string modelsPath, string? modelsProblem, IReadOnlyList<VisibleModel> seen)
    {
        if (Device == DeviceRequirement.Cuda && device != "cuda") return $"the run needs CUDA and worker {worker} computes on the CPU";
        var problems = new List<string>();
        long parameters = 0;
        foreach (var name in Models)
        {
            var model = seen.FirstOrDefault(candidate => candidate.Name == name);
            if (model is null) problems.Add($"model {name} is not in its models folder ({modelsProblem ?? modelsPath})");
            else if (model.Problem is { } problem) problems.Add($"model {name}: {problem}");
            else if (Trained?.Contains(name) == true && ModelMemory.TrainingProblem(model.Parameters ?? 0, device, memory) is { } tooBigToTrain)
                problems.Add($"model {name} {tooBigToTrain}");
            else parameters += model.Parameters ?? 0;
        }
        if (problems.Count == 0 && Models.Count > 1 && ModelMemory.Problem(parameters, dtype, device, memory) is { } tooBig)
            problems.Add($"its models together {tooBig}");
        return problems.Count == 0 ? null : $"worker {worker}: {string.Join("; ", problems)}";
    }
}
