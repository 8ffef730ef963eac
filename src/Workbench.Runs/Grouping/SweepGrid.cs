using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine;

namespace Workbench.Runs.Grouping;

/// <summary>
/// A sweep's grid: the cartesian product of its axes, each point the base spec with those parameters set in its
/// JSON. Every spec of the grid is checked before anything is submitted, so a sweep runs whole or not at all.
/// Errors name their place as the API reports it: "name", "axes", "axes.{parameter}".
/// </summary>
public static class SweepGrid
{
    /// <summary>Runs one sweep may submit: enough for a four-axis study, few enough to leave the queue to others.</summary>
    public const int MaxRuns = 200;

    public const int MaxNameLength = 200;

    /// <summary>Messages per field at most: one bad value fails many grid points, the first few say it.</summary>
    private const int MaxMessagesPerField = 5;

    public sealed record Result(GroupPlan? Plan, IReadOnlyList<SpecError> Errors);

    /// <param name="baseSpec">a valid spec (<see cref="ExperimentSpec.Validate"/>): what every run starts from</param>
    public static Result Plan(string name, ExperimentSpec baseSpec, IReadOnlyList<GroupAxis> axes)
    {
        var errors = new List<SpecError>();
        if (string.IsNullOrWhiteSpace(name)) errors.Add(new("name", "give the sweep a name"));
        else if (TextInput.Problem(name, MaxNameLength) is { } problem) errors.Add(new("name", problem));
        CheckAxes(baseSpec, axes, errors);
        if (errors.Count > 0) return new Result(null, errors);

        var baseJson = JsonSerializer.SerializeToNode(baseSpec, ExperimentJson.Options)!.AsObject();
        var runs = new List<PlannedRun>();
        foreach (var point in Product(axes))
        {
            var json = baseJson.DeepClone().AsObject();
            foreach (var (parameter, value) in point) json[parameter] = JsonNode.Parse(value.GetRawText());
            var spec = json.Deserialize<ExperimentSpec>(ExperimentJson.Options)!;
            foreach (var error in spec.Validate()) errors.Add(Explain(error, point));
            runs.Add(new PlannedRun(point, spec));
        }
        if (errors.Count > 0) return new Result(null, Limit(errors));
        return new Result(new GroupPlan(name.Trim(), GroupKind.Sweep, null, axes, baseSpec, runs), []);
    }

    /// <summary>Problems visible without expanding the grid: names, types, duplicates, size.</summary>
    private static void CheckAxes(ExperimentSpec baseSpec, IReadOnlyList<GroupAxis> axes, List<SpecError> errors)
    {
        var kind = ExperimentJson.KindOf(baseSpec);
        var parameters = SpecParameters.Of(baseSpec).Select(parameter => parameter.Name).ToList();
        if (axes.Count == 0) errors.Add(new("axes", "add at least one axis, e.g. \"seed: 1, 2, 3\""));
        foreach (var duplicate in axes.GroupBy(axis => axis.Parameter).Where(same => same.Count() > 1))
            errors.Add(new("axes", $"'{duplicate.Key}' is given {duplicate.Count()} times; list all its values on one axis"));

        var baseJson = JsonSerializer.SerializeToNode(baseSpec, ExperimentJson.Options)!.AsObject();
        foreach (var axis in axes)
        {
            var field = $"axes.{axis.Parameter}";
            if (!parameters.Contains(axis.Parameter))
            {
                errors.Add(new(field, $"'{axis.Parameter}' is not a parameter of a {kind} spec; it has: {string.Join(", ", parameters)}"));
                continue;
            }
            if (axis.Values.Count == 0) errors.Add(new(field, "has no values"));
            foreach (var repeated in axis.Values.GroupBy(AxisValues.Text).Where(same => same.Count() > 1))
                errors.Add(new(field, $"the value {repeated.Key} is given {repeated.Count()} times"));
            foreach (var value in axis.Values)
            {
                var json = baseJson.DeepClone().AsObject();
                json[axis.Parameter] = JsonNode.Parse(value.GetRawText());
                // A value of the wrong type (range errors come with the whole grid point, below).
                if (ExperimentJson.ReadSpec(json) is { Spec: null } unreadable)
                    errors.AddRange(unreadable.Errors.Select(error => new SpecError(field, $"{axis.Parameter} = {AxisValues.Text(value)}: {error.Message}")));
            }
        }

        long size = 1;
        foreach (var axis in axes) size = Math.Min(size * Math.Max(1, axis.Values.Count), long.MaxValue / 1000);
        if (size > MaxRuns)
            errors.Add(new("axes", $"the grid has {size} runs ({string.Join(" × ", axes.Select(axis => axis.Values.Count))}); at most {MaxRuns} are allowed"));
    }

    /// <summary>Every combination of one value per axis, the last axis varying fastest.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, JsonElement>> Product(IReadOnlyList<GroupAxis> axes)
    {
        IEnumerable<Dictionary<string, JsonElement>> points = [[]];
        foreach (var axis in axes)
            points = points.SelectMany(point => axis.Values.Select(value => new Dictionary<string, JsonElement>(point) { [axis.Parameter] = value }));
        return points;
    }

    /// <summary>An error on a swept parameter names its value; one on another field names the point that caused it.</summary>
    private static SpecError Explain(SpecError error, IReadOnlyDictionary<string, JsonElement> point) =>
        point.TryGetValue(error.Field, out var value)
            ? new SpecError($"axes.{error.Field}", $"{error.Field} = {AxisValues.Text(value)}: {error.Message}")
            : new SpecError("axes", $"with {string.Join(", ", point.Select(p => $"{p.Key} = {AxisValues.Text(p.Value)}"))}: {error.Field} {error.Message}");

    private static List<SpecError> Limit(IEnumerable<SpecError> errors) =>
        [.. errors.Distinct().GroupBy(error => error.Field).SelectMany(field => field.Take(MaxMessagesPerField))];
}
