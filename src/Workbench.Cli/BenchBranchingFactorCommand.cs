using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench bench-branching-factor [SPEC.json]</c>: how fast BF evaluation runs, the cost centre of every
/// BF run: samples and tokens per second of an untrained model of the spec's size (the defaults without a
/// spec file) over the spec's prompts, through the generation engine, per wall-clock second and per CPU second of
/// this process (<c>bench-generation</c> compares the engine's cache with re-reading). A benchmark: it prints numbers
/// and asserts nothing.
/// </summary>
public static class BenchBranchingFactorCommand
{
    public static Command Create()
    {
        var specFile = new Argument<FileInfo?>("spec") { Description = "A JSON branchingFactor spec; omitted parameters take their defaults.", Arity = ArgumentArity.ZeroOrOne };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var command = new Command("bench-branching-factor", "Measure BF evaluation samples/second and tokens/second.") { specFile, threads };
        command.SetAction((parsed, cancellationToken) => Task.Run(
            () => Run(parsed.GetValue(specFile), parsed.GetValue(threads), cancellationToken), CancellationToken.None));
        return command;
    }

    private static int Run(FileInfo? file, int? threads, CancellationToken cancellationToken)
    {
        var spec = file is null ? new BranchingFactorSpec() : JsonSerializer.Deserialize<ExperimentSpec>(File.ReadAllText(file.FullName), ExperimentJson.Options) as BranchingFactorSpec;
        if (spec is null || spec.Validate().Count > 0)
        {
            Console.Error.WriteLine(spec is null ? "The spec is not a branchingFactor spec." : string.Join('\n', spec.Validate().Select(error => $"{error.Field}: {error.Message}")));
            return 2;
        }
        var environment = TorchRuntime.Configure(threads);
        Console.Error.WriteLine($"{spec.Title} on {environment.Device}, {environment.Threads} threads");
        return Bench(spec, cancellationToken);
    }

    private static int Bench(BranchingFactorSpec spec, CancellationToken cancellationToken)
    {
        var data = AlignedPair.CreateData(spec);
        using var model = AlignedPair.CreateModel(spec, data.Language);
        // CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
        Console.WriteLine($"{"repetition",-10} {"samples/s",10} {"tokens/s",10} {"samples/CPU s",14} {"tokens/CPU s",13}");
        var transformer = new TransformerNextTokenModel(model);
        for (var repetition = 0; repetition <= 3; repetition++)
        {
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var measured = BranchingFactorExperiment.Measure("bench", transformer, spec, data.Prompts, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            var samples = spec.Prompts * spec.SamplesPerPrompt;
            var tokens = samples * measured.MeanOutputLength;
            Console.WriteLine($"{(repetition == 0 ? "warm-up" : repetition.ToString()),-10} {samples / seconds,10:N0} {tokens / seconds,10:N0} {samples / cpuSeconds,14:N0} {tokens / cpuSeconds,13:N0}");
        }
        return 0;
    }
}
