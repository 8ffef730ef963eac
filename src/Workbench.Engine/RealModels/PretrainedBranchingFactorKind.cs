namespace Workbench.Engine.RealModels;

/// <summary>
/// BF of a pretrained model on a prompt set, as a registered kind: every prompt's outputs drawn through the generation
/// engine, BF by the Monte-Carlo and AEP estimators and the reference code's ebf_perplexity, over output position and per prompt.
/// </summary>
public static class PretrainedBranchingFactorKind
{
    /// <summary>What is measured of each model, by the name's suffix: label, format and meaning.</summary>
    private static readonly (string Suffix, string Label, string Format, string Description)[] Measured =
    [
        ("Bf", "BF", "0.00", "branching factor by the Monte-Carlo estimator: exp of the mean per-token entropy along each sample"),
        ("BfAep", "BF (AEP)", "0.00", "exp of the mean per-token surprisal of the samples"),
        ("EbfPerplexity", "ebf_perplexity", "0.00", "mean over samples of exp(mean entropy): what the paper's figures plot"),
        ("MeanOutputLength", "output length", "0.0", "tokens per output, the end token included"),
        ("EndedShare", "ended outputs", "0.000", "outputs that wrote an end token before the length limit"),
    ];

    /// <summary>The metrics of one measured model: "bf", "bfAep" … without a prefix, "baseBf", "baseBfAep" … with one.</summary>
    /// <param name="who">how labels name it, e.g. "Base"</param>
    public static IEnumerable<MetricDefinition> MeasuredMetrics(string prefix, string who, bool headline = false) =>
        Measured.Select((metric, index) => new MetricDefinition(MetricName(prefix, metric.Suffix),
            prefix.Length == 0 ? char.ToUpperInvariant(metric.Label[0]) + metric.Label[1..] : $"{who} {metric.Label}",
            null, metric.Format, metric.Description, Headline: headline && index == 0));

    /// <summary>A measured model's metrics, under <see cref="MeasuredMetrics"/>' names.</summary>
    public static IEnumerable<KeyValuePair<string, double>> Metrics(string prefix, MeasuredModel measured)
    {
        double[] values = [measured.BranchingFactor.MonteCarlo, measured.BranchingFactor.Aep, measured.EbfPerplexity,
            measured.BranchingFactor.MeanOutputLength, measured.EndedShare];
        return Measured.Zip(values, (metric, value) => KeyValuePair.Create(MetricName(prefix, metric.Suffix), value));
    }

    private static string MetricName(string prefix, string suffix) => prefix.Length == 0 ? char.ToLowerInvariant(suffix[0]) + suffix[1..] : prefix + suffix;

    public static ExperimentKind Registration { get; } = ExperimentKind.Create<PretrainedBranchingFactorSpec>(
        "modelBf",
        "Branching factor of a pretrained model",
        "Draws outputs of a model from the models folder after each prompt (story openings, random strings or your own) and " +
        "measures its branching factor by the Monte-Carlo and AEP estimators and as the paper's figures plot it (ebf_perplexity), " +
        "over output position and per prompt. Nothing is trained.",
        [.. MeasuredMetrics("", "The model", headline: true)],
        [new CurveDefinition("output position", "branching factor", "BF over output position, windows where enough samples are alive")],
        Run,
        inputs: spec => spec.Models,
        exampleLabels: Labels);

    /// <summary>What an example output shows: how it ended.</summary>
    public static IReadOnlyList<ExampleLabel> Labels { get; } =
    [
        new("ended", "the model wrote an end token", LabelTone.Neutral),
        new("length limit", "stopped at the maximum output tokens", LabelTone.Warning),
    ];

    private static ExperimentResult Run(PretrainedBranchingFactorSpec spec, ExperimentContext context)
    {
        spec.ThrowIfInvalid();
        using var model = ModelInputs.Load(context, spec.Models[0]);
        var texts = PromptSets.For(spec, model.Tokenizer);
        var prompts = PromptSampling.Encode(model, "model", texts, spec.Chat, spec.MaxOutputTokens);
        var measured = PromptSampling.Measure("model", PromptSampling.Alone(model), model, [model], texts, prompts, spec, context.Cancellation);
        return new ExperimentResult(new Dictionary<string, double>(Metrics("", measured)), [.. Curves(measured)], [.. Examples(measured)],
            new PretrainedBranchingFactorOutcome(measured));
    }

    /// <summary>BF over output position by both estimators.</summary>
    public static IEnumerable<Curve> Curves(MeasuredModel measured) =>
    [
        measured.BranchingFactor.OverPosition("Monte-Carlo"),
        new($"{measured.Name} (AEP)", "output position", "branching factor",
            [.. measured.BranchingFactor.Curve.Select(window => new CurvePoint(window.Start, window.Aep))]),
    ];

    /// <summary>Each prompt's first outputs, labelled by how they ended.</summary>
    public static IEnumerable<LabelledExample> Examples(MeasuredModel measured, string? tag = null) =>
        measured.Prompts.SelectMany((prompt, index) => prompt.Examples.Select(example => new LabelledExample(
            $"[{tag ?? measured.Name}, prompt {index + 1}] {Shortened(prompt.Prompt)} ‖ {example.Text}", [example.Ended ? "ended" : "length limit"])));

    /// <summary>A prompt cut to its first 120 characters for an example's heading.</summary>
    public static string Shortened(string prompt) => prompt.Length <= 120 ? prompt : prompt[..120] + "…";
}

/// <summary>The whole result of a <c>modelBf</c> run: the model's BF, curve and every prompt's estimates and examples.</summary>
public sealed record PretrainedBranchingFactorOutcome(MeasuredModel Model);
