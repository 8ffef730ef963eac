using System.CommandLine;
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench branching-factor [SPEC.json]</c>: runs a base-vs-aligned branching-factor experiment here
/// (the defaults without a spec file), printing progress to standard error and the result as JSON to standard
/// output. <c>--bench</c> instead measures how fast BF evaluation runs: samples and tokens per second of an
/// untrained model of the spec's size over the spec's prompts.
/// </summary>
public static class BranchingFactorCommand
{
    private static readonly JsonSerializerOptions Output = new(ExperimentJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var specFile = new Argument<FileInfo?>("spec") { Description = "A JSON branchingFactor spec; omitted parameters take their defaults.", Arity = ArgumentArity.ZeroOrOne };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var bench = new Option<bool>("--bench") { Description = "Measure BF evaluation samples/second instead of running the experiment." };
        var command = new Command("branching-factor", "Run (or benchmark) a base-vs-aligned branching-factor experiment.") { specFile, threads, bench };
        command.SetAction((parsed, cancellationToken) => Task.Run(
            () => Run(parsed.GetValue(specFile), parsed.GetValue(threads), parsed.GetValue(bench), cancellationToken), CancellationToken.None));
        return command;
    }

    private static int Run(FileInfo? file, int? threads, bool bench, CancellationToken cancellationToken)
    {
        var spec = file is null ? new BranchingFactorSpec() : JsonSerializer.Deserialize<ExperimentSpec>(File.ReadAllText(file.FullName), ExperimentJson.Options) as BranchingFactorSpec;
        if (spec is null || spec.Validate().Count > 0)
        {
            Console.Error.WriteLine(spec is null ? "The spec is not a branchingFactor spec." : string.Join('\n', spec.Validate().Select(error => $"{error.Field}: {error.Message}")));
            return 2;
        }
        var environment = TorchRuntime.Configure(threads);
        Console.Error.WriteLine($"{spec.Title} on {environment.Device}, {environment.Threads} threads");
        return bench ? Bench(spec, cancellationToken) : Experiment(spec, environment, cancellationToken);
    }

    private static int Experiment(BranchingFactorSpec spec, TorchEnvironment environment, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var outcome = BranchingFactorExperiment.Run(spec, new ConsoleProgress(), cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(new { Spec = (ExperimentSpec)spec, Environment = environment, ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2), Outcome = outcome }, Output));
        return 0;
    }

    private static int Bench(BranchingFactorSpec spec, CancellationToken cancellationToken)
    {
        var data = BranchingFactorExperiment.CreateData(spec);
        using var model = BranchingFactorExperiment.CreateModel(spec, data.Language);
        var transformer = new TransformerNextTokenModel(model);
        Console.WriteLine($"{"repetition",-10} {"samples/s",10} {"tokens/s",10}");
        for (var repetition = 0; repetition <= 3; repetition++)
        {
            var clock = Stopwatch.StartNew();
            var measured = BranchingFactorExperiment.Measure("bench", transformer, spec, data.Prompts, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            var samples = spec.Prompts * spec.SamplesPerPrompt;
            Console.WriteLine($"{(repetition == 0 ? "warm-up" : repetition.ToString()),-10} {samples / seconds,10:N0} {samples * measured.MeanOutputLength / seconds,10:N0}");
        }
        return 0;
    }
}
