using System.CommandLine;
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;
using Workbench.Engine.Creativity;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench run-local SPEC.json</c>: runs one experiment in this process, without the web app, queue
/// or store. Progress goes to standard error; the result, as JSON, to standard output.
/// Exit codes: 0 done, 2 unreadable or invalid spec, 130 cancelled (Ctrl-C).
/// </summary>
public static class RunLocalCommand
{
    private const int InvalidSpec = 2;
    private const int Cancelled = 130;
    private const int ExamplesShown = 10;

    /// <summary>The shared spec options, but writing "&lt;eos&gt;" as is: this output goes to a terminal, not into HTML.</summary>
    private static readonly JsonSerializerOptions Output = new(ExperimentJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var specFile = new Argument<FileInfo>("spec") { Description = "A JSON experiment spec, e.g. {\"kind\": \"creativity\", \"trainingSteps\": 300}; omitted parameters take their defaults." };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var command = new Command("run-local", "Run an experiment here and print its progress and result.") { specFile, threads };
        // On a worker thread: System.CommandLine may install its Ctrl-C handler only once the action has
        // returned a task, and Run computes for a long time before it returns.
        command.SetAction((parsed, cancellationToken) =>
            Task.Run(() => Run(parsed.GetRequiredValue(specFile), parsed.GetValue(threads), cancellationToken), CancellationToken.None));
        return command;
    }

    private static int Run(FileInfo file, int? threads, CancellationToken cancellationToken)
    {
        var spec = ReadSpec(file);
        if (spec is null) return InvalidSpec;

        var environment = TorchRuntime.Configure(threads);
        Console.Error.WriteLine($"{spec.Title} on {environment.Device}, {environment.Threads} threads " +
                                $"(TorchSharp {environment.TorchSharpVersion}, libtorch {environment.LibTorchVersion})");
        var clock = Stopwatch.StartNew();
        try
        {
            object outcome = spec switch
            {
                CreativitySpec creativity => Shown(CreativityExperiment.Run(creativity, new ConsoleProgress(), cancellationToken)),
                AlignedPairSpec branchingFactor => BranchingFactorStudies.Run(branchingFactor, new ConsoleProgress(), cancellationToken),
                _ => throw new NotSupportedException($"run-local cannot run {spec.GetType().Name} yet."),
            };
            var result = new
            {
                spec.Title,
                Spec = spec,
                Environment = environment,
                ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
                Outcome = outcome,
            };
            Console.WriteLine(JsonSerializer.Serialize(result, Output));
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"cancelled after {clock.Elapsed.TotalSeconds:F1} s");
            return Cancelled;
        }
    }

    /// <summary>A creativity outcome with its first few samples, not thousands of them.</summary>
    private static object Shown(CreativityOutcome outcome) => new { outcome.Metrics, outcome.FinalLoss, outcome.Seeds, Examples = outcome.Samples.Take(ExamplesShown) };

    /// <summary>The spec, or null after printing why it cannot be run.</summary>
    private static ExperimentSpec? ReadSpec(FileInfo file)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"No such file: {file.FullName}");
            return null;
        }
        ExperimentSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ExperimentSpec>(File.ReadAllText(file.FullName), ExperimentJson.Options);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            Console.Error.WriteLine($"{file.Name}: {exception.Message}");
            return null;
        }
        if (spec is null)
        {
            Console.Error.WriteLine($"{file.Name}: empty spec");
            return null;
        }
        var errors = spec.Validate();
        foreach (var error in errors) Console.Error.WriteLine($"{file.Name}: {error.Field} {error.Message}");
        return errors.Count == 0 ? spec : null;
    }
}
