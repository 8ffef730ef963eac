using Workbench.Engine;
using Workbench.ThrowawayKind;

namespace Workbench.Testing;

/// <summary>
/// Every test workbench loads the tests' own experiment kind (<see cref="CoinFlipsKind"/>) as a plugin, in its worker
/// processes and in the web app that runs in the test process; this process loads it before anything reads a spec.
/// </summary>
public static class ThrowawayPlugin
{
    /// <summary>The plugin assembly, as the setting Experiments:Plugins names it.</summary>
    public static string Path { get; } = typeof(ThrowawayKinds).Assembly.Location;

    /// <summary>Loads the plugin into this process; every test assembly calls it from its own module initializer.</summary>
    public static void Load() => ExperimentKinds.LoadPlugins([Path]);
}
