using System.Diagnostics;

namespace Workbench.Engine.BranchingFactor;

/// <summary>
/// <c>workbench bench-branching-factor [SPEC.json]</c>: how fast BF evaluation runs, the cost centre of every
/// BF run: samples and tokens per second of an untrained model of the spec's size (the defaults without a
/// spec file) over the spec's prompts, through the generation engine, per wall-clock second and per CPU second of
/// this process (<c>bench-generation</c> compares the engine's cache with re-reading). A benchmark: it prints numbers
/// and asserts nothing.
/// </summary>
public static class BranchingFactorBenchmark
{
    /// <param name="given">a base-vs-aligned spec, or null for the defaults</param>
    /// <returns>0, or 2 when the spec is of another kind</returns>
    public static int Run(ExperimentSpec? given, int? threads, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if ((given ?? new BranchingFactorSpec()) is not BranchingFactorSpec spec)
        {
            errors.WriteLine("The spec is not a branchingFactor spec.");
            return 2;
        }
        var environment = TorchRuntime.Configure(threads);
        errors.WriteLine($"{spec.Title} on {environment.Device}, {environment.Threads} threads");
        return Bench(spec, output, cancellationToken);
    }

    private static int Bench(BranchingFactorSpec spec, TextWriter output, CancellationToken cancellationToken)
    {
        var data = AlignedPair.CreateData(spec);
        using var model = AlignedPair.CreateModel(spec, data.Language);
        // CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
        output.WriteLine($"{"repetition",-10} {"samples/s",10} {"tokens/s",10} {"samples/CPU s",14} {"tokens/CPU s",13}");
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
            output.WriteLine($"{(repetition == 0 ? "warm-up" : repetition.ToString()),-10} {samples / seconds,10:N0} {tokens / seconds,10:N0} {samples / cpuSeconds,14:N0} {tokens / cpuSeconds,13:N0}");
        }
        return 0;
    }
}
