using System.Reflection;
using System.Runtime.Loader;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;
using Workbench.Engine.RealModels;

namespace Workbench.Engine;

/// <summary>
/// Every experiment kind the workbench knows, in the order the New-run form lists them: one line each. Kinds of one's
/// own can also come from plugin assemblies (<see cref="LoadPlugins"/>, setting <c>Experiments:Plugins</c>).
/// </summary>
public static class ExperimentKinds
{
    private static readonly List<ExperimentKind> kinds =
    [
        CreativityKind.Registration,
        BaseVersusAlignedKind.Registration,
        ResamplingKind.Registration,
        DecodingSensitivityKind.Registration,
        FactorAnalysisKind.Registration,
        CheckpointBranchingFactorKind.Registration,
        PretrainedBranchingFactorKind.Registration,
        BaseVersusAlignedModelsKind.Registration,
        ModelNudgingKind.Registration,
        ModelResamplingKind.Registration,
    ];

    private static readonly HashSet<Assembly> plugins = [];
    private static volatile bool inUse;

    /// <summary>Every kind, built in and from plugins.</summary>
    public static IReadOnlyList<ExperimentKind> All
    {
        get
        {
            inUse = true;
            return kinds;
        }
    }

    /// <summary>The kind with this "kind" name (case-insensitive), or null.</summary>
    public static ExperimentKind? Find(string name) => All.FirstOrDefault(kind => kind.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The kind of this spec.</summary>
    public static ExperimentKind Of(ExperimentSpec spec) => All.FirstOrDefault(kind => kind.SpecType == spec.GetType())
        ?? throw new InvalidOperationException($"{spec.GetType().Name} is not a registered experiment kind.");

    /// <summary>The metric's definition from the first kind that reports it, or null for a name no kind describes.</summary>
    public static MetricDefinition? Metric(string name) =>
        All.SelectMany(kind => kind.Metrics).FirstOrDefault(metric => metric.Name == name);

    /// <summary>How people read a metric's name: its label, or its name in words when no kind describes it; a metric at
    /// a setting (<see cref="SettingMetric"/>) reads "Creativity at T 0.5, top-k 50".</summary>
    public static string MetricLabel(string name) =>
        Metric(name)?.Label
        ?? (SettingMetric.Parse(name) is { } at ? $"{MetricLabel(at.Metric)} at {SettingLabel(at.Setting)}" : SpecParameters.Words(name));

    /// <summary>A setting key in words, as the first kind that knows it says, or the key itself.</summary>
    public static string SettingLabel(string key) =>
        All.Select(kind => kind.DescribeSetting(key)).FirstOrDefault(label => label is not null) ?? key;

    /// <summary>How people read a spec parameter's JSON name: its label in the first kind that has it, or the name in words.</summary>
    public static string ParameterLabel(string name) =>
        All.Select(kind => SpecParameters.Find(kind.SpecType, name)).FirstOrDefault(parameter => parameter is not null)?.Label ?? SpecParameters.Words(name);

    /// <summary>
    /// Adds the kinds of plugin assemblies: each names a static class with <c>[assembly: ExperimentPlugin(typeof(…))]</c>
    /// whose public static <c>Kinds</c> lists them. Call at start-up, before any spec is read or written.
    /// </summary>
    /// <param name="paths">assembly files, e.g. from the setting Experiments:Plugins (separated by ';')</param>
    /// <exception cref="InvalidOperationException">specs were already (de)serialised, a plugin is malformed, or a name is taken</exception>
    public static void LoadPlugins(IEnumerable<string> paths)
    {
        foreach (var path in paths.Select(path => path.Trim()).Where(path => path.Length > 0))
        {
            var full = Path.GetFullPath(path);
            var assembly = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(loaded => !loaded.IsDynamic && loaded.Location == full)
                ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
            lock (plugins)
            {
                // Loading the same plugin twice (two hosts in one process) is harmless.
                if (!plugins.Add(assembly)) continue;
                if (inUse) throw new InvalidOperationException("Experiment plugins must be loaded at start-up, before the kinds are used.");
                Register(assembly, full);
            }
        }
    }

    private static void Register(Assembly assembly, string path)
    {
        var declared = assembly.GetCustomAttributes<ExperimentPluginAttribute>().ToList();
        if (declared.Count == 0) throw new InvalidOperationException($"{path} declares no [assembly: ExperimentPlugin(typeof(...))].");
        foreach (var plugin in declared)
        {
            var property = plugin.Type.GetProperty("Kinds", BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException($"{plugin.Type.FullName} has no public static Kinds.");
            foreach (var kind in (IEnumerable<ExperimentKind>)property.GetValue(null)!)
            {
                if (kinds.Any(known => known.Name.Equals(kind.Name, StringComparison.OrdinalIgnoreCase) || known.SpecType == kind.SpecType))
                    throw new InvalidOperationException($"The experiment kind \"{kind.Name}\" ({kind.SpecType.Name}) is registered twice.");
                kinds.Add(kind);
            }
        }
    }
}

/// <summary>Names the class of a plugin assembly whose static <c>Kinds</c> property lists its experiment kinds.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ExperimentPluginAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}
