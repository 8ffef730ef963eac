using System.Text.RegularExpressions;
using Workbench.Engine;

namespace Workbench.Runs.Tests;

/// <summary>An experiment kind is described once: outside its own folder, no source file names its spec type.</summary>
public sealed class KindRegistrationTests
{
    private static readonly string Root = FindRoot();

    /// <summary>Where hosts and features live: everything but the tests, which test kinds by name.</summary>
    private static readonly string[] Sources = ["src", "web", "workers"];

    [Fact]
    public void No_file_outside_a_kinds_own_folder_names_its_spec_type()
    {
        var files = Sources.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".cs") || path.EndsWith(".razor"))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToDictionary(path => path, File.ReadAllText);
        var specTypes = typeof(ExperimentSpec).Assembly.GetTypes()
            .Where(type => typeof(ExperimentSpec).IsAssignableFrom(type) && !type.IsAbstract).ToList();
        Assert.NotEmpty(specTypes);

        var offences = new List<string>();
        foreach (var type in specTypes)
        {
            var declaration = new Regex($@"\brecord\s+{type.Name}\b");
            var home = Path.GetDirectoryName(Assert.Single(files, file => declaration.IsMatch(file.Value)).Key)!;
            var named = new Regex($@"\b{type.Name}\b");
            offences.AddRange(files.Where(file => !file.Key.StartsWith(home + Path.DirectorySeparatorChar) && named.IsMatch(file.Value))
                .Select(file => $"{Path.GetRelativePath(Root, file.Key)} names {type.Name} (its kind lives in {Path.GetRelativePath(Root, home)})"));
        }
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void Every_registered_kind_has_a_unique_name_and_spec_and_describes_every_parameter_and_metric()
    {
        Assert.Equal(ExperimentKinds.All.Count, ExperimentKinds.All.Select(kind => kind.Name).Distinct().Count());
        Assert.Equal(ExperimentKinds.All.Count, ExperimentKinds.All.Select(kind => kind.SpecType).Distinct().Count());
        foreach (var kind in ExperimentKinds.All)
        {
            // Defaults are valid, but for what only the researcher can say (which run's checkpoint to measure).
            Assert.All(kind.Defaults.Validate(), error => Assert.StartsWith("is required", error.Message));
            Assert.All(kind.Parameters, parameter => Assert.False(string.IsNullOrWhiteSpace(parameter.Description), $"{kind.Name}.{parameter.Name}"));
            Assert.All(kind.Metrics, metric => Assert.False(string.IsNullOrWhiteSpace(metric.Label), $"{kind.Name}: {metric.Name}"));
            Assert.Contains(kind.Metrics, metric => metric.Headline);
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Workbench.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("No Workbench.sln above the tests.");
    }
}
