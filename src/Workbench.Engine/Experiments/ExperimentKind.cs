namespace Workbench.Engine;

/// <summary>
/// An experiment kind, described once: its name (the spec's "kind"), spec type, title, the metrics, curves and example
/// labels it reports, and the function that runs it. Everything else — JSON, the worker, <c>run-local</c>, the New-run
/// and sweep forms, the filter language, metric labels in the web app and the CLI, CSV columns — reads
/// <see cref="ExperimentKinds.All"/>. Adding a kind: write its spec and experiment, then one line there.
/// </summary>
public sealed class ExperimentKind
{
    private readonly Func<ExperimentSpec, ExperimentContext, ExperimentResult> run;
    private readonly Func<ExperimentSpec, IReadOnlyList<ExperimentInput>> inputs;
    private readonly Func<string, string?>? describeSetting;
    private readonly Action<System.Text.Json.Nodes.JsonObject>? upgradeStoredSpec;

    private ExperimentKind(string name, Type specType, string title, string description, IReadOnlyList<MetricDefinition> metrics,
        IReadOnlyList<CurveDefinition> curves, IReadOnlyList<ExampleLabel> exampleLabels,
        Func<ExperimentSpec, ExperimentContext, ExperimentResult> run, Func<ExperimentSpec, IReadOnlyList<ExperimentInput>> inputs,
        Func<string, string?>? describeSetting, Action<System.Text.Json.Nodes.JsonObject>? upgradeStoredSpec, IReadOnlyList<SpecPreset>? presets,
        IReadOnlyList<ResultChange> changes)
    {
        if (!typeof(ExperimentSpec).IsAssignableFrom(specType) || specType.IsAbstract)
            throw new ArgumentException($"{specType.Name} is not a concrete experiment spec.", nameof(specType));
        Name = name;
        SpecType = specType;
        Title = title;
        Description = description;
        Metrics = metrics;
        Curves = curves;
        ExampleLabels = exampleLabels;
        Changes = changes;
        this.run = run;
        this.inputs = inputs;
        this.describeSetting = describeSetting;
        this.upgradeStoredSpec = upgradeStoredSpec;
        Presets = presets ?? [];
        if (Presets.Any(preset => preset.Spec.GetType() != specType)) throw new ArgumentException($"Every preset of {name} must be a {specType.Name}.", nameof(presets));
        SpecParameters.Of(specType); // every parameter must carry its metadata: fail at registration, not in a form
    }

    /// <summary>The spec's "kind" discriminator, e.g. "creativity".</summary>
    public string Name { get; }

    public Type SpecType { get; }

    /// <summary>What the New-run form lists, e.g. "Creativity (algorithmic creativity tasks)".</summary>
    public string Title { get; }

    /// <summary>A paragraph saying what the experiment does and what it measures.</summary>
    public string Description { get; }

    public IReadOnlyList<MetricDefinition> Metrics { get; }

    public IReadOnlyList<CurveDefinition> Curves { get; }

    public IReadOnlyList<ExampleLabel> ExampleLabels { get; }

    /// <summary>Changes to what the kind computes that make a run recorded before them replay with other values; usually none.</summary>
    public IReadOnlyList<ResultChange> Changes { get; }

    public IReadOnlyList<SpecParameter> Parameters => SpecParameters.Of(SpecType);

    /// <summary>Named starting points the New-run form offers (e.g. a task at the paper's size); empty for most kinds.</summary>
    public IReadOnlyList<SpecPreset> Presets { get; }

    /// <summary>What a setting key of this kind's <see cref="SettingMetric"/>s means in words, or null when it is not one of its keys.</summary>
    public string? DescribeSetting(string key) => describeSetting?.Invoke(key);

    /// <summary>
    /// Brings a spec as an earlier version stored it (an event, a document, an archive) to what it meant then, in today's
    /// parameters, before it is read: e.g. a renamed objective. Changes the JSON in place.
    /// </summary>
    public void UpgradeStoredSpec(System.Text.Json.Nodes.JsonObject spec) => upgradeStoredSpec?.Invoke(spec);

    /// <summary>A spec with every parameter at its default.</summary>
    public ExperimentSpec Defaults => (ExperimentSpec)Activator.CreateInstance(SpecType)!;

    /// <summary>What the spec needs from its host besides itself (e.g. another run's checkpoint); empty for most kinds.</summary>
    public IReadOnlyList<ExperimentInput> InputsOf(ExperimentSpec spec) => inputs(Own(spec));

    /// <summary>Runs the experiment; the spec must be valid.</summary>
    /// <exception cref="OperationCanceledException">the context's cancellation was requested</exception>
    public ExperimentResult Run(ExperimentSpec spec, ExperimentContext context) => run(Own(spec), context);

    private ExperimentSpec Own(ExperimentSpec spec) => spec.GetType() == SpecType ? spec
        : throw new ArgumentException($"A {spec.GetType().Name} is not a {Name} spec.", nameof(spec));

    /// <summary>A kind that needs nothing but its spec.</summary>
    /// <param name="describeSetting">with metrics at several settings (<see cref="SettingMetric"/>): a setting key in words</param>
    /// <param name="upgradeStoredSpec">see <see cref="UpgradeStoredSpec"/></param>
    public static ExperimentKind Create<TSpec>(string name, string title, string description, IReadOnlyList<MetricDefinition> metrics,
        IReadOnlyList<CurveDefinition> curves, Func<TSpec, ExperimentContext, ExperimentResult> run, IReadOnlyList<ExampleLabel>? exampleLabels = null,
        Func<string, string?>? describeSetting = null, Action<System.Text.Json.Nodes.JsonObject>? upgradeStoredSpec = null, IReadOnlyList<SpecPreset>? presets = null,
        IReadOnlyList<ResultChange>? changes = null)
        where TSpec : ExperimentSpec, new() =>
        new(name, typeof(TSpec), title, description, metrics, curves, exampleLabels ?? [], (spec, context) => run((TSpec)spec, context), _ => [],
            describeSetting, upgradeStoredSpec, presets, changes ?? []);

    /// <summary>A kind that also needs inputs its host provides (<see cref="ExperimentContext.Load{T}"/>).</summary>
    public static ExperimentKind Create<TSpec>(string name, string title, string description, IReadOnlyList<MetricDefinition> metrics,
        IReadOnlyList<CurveDefinition> curves, Func<TSpec, ExperimentContext, ExperimentResult> run, Func<TSpec, IReadOnlyList<ExperimentInput>> inputs,
        IReadOnlyList<ExampleLabel>? exampleLabels = null, IReadOnlyList<ResultChange>? changes = null, Func<string, string?>? describeSetting = null,
        Action<System.Text.Json.Nodes.JsonObject>? upgradeStoredSpec = null, IReadOnlyList<SpecPreset>? presets = null)
        where TSpec : ExperimentSpec, new() =>
        new(name, typeof(TSpec), title, description, metrics, curves, exampleLabels ?? [], (spec, context) => run((TSpec)spec, context), spec => inputs((TSpec)spec),
            describeSetting, upgradeStoredSpec, presets, changes ?? []);
}

/// <summary>A named starting point for a kind's spec, e.g. "Sibling discovery — paper size (GPU)".</summary>
/// <param name="Description">what it sets and what it costs, e.g. "the authors' sizes; days on a CPU"</param>
public sealed record SpecPreset(string Name, string Description, ExperimentSpec Spec);
