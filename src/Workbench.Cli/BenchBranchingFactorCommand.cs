using System.CommandLine;
using Workbench.Engine;
using Workbench.Engine.BranchingFactor;

namespace Workbench.Cli;

/// <summary><c>workbench bench-branching-factor [SPEC]</c>: BF evaluation throughput (<see cref="BranchingFactorBenchmark"/>).</summary>
public static class BenchBranchingFactorCommand
{
    public static Command Create()
    {
        var specFile = new Argument<FileInfo?>("spec") { Description = "A JSON branchingFactor spec; omitted parameters take their defaults.", Arity = ArgumentArity.ZeroOrOne };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var command = new Command("bench-branching-factor", "Measure BF evaluation samples/second and tokens/second.") { specFile, threads };
        command.SetAction((parsed, cancellationToken) => Task.Run(() => Run(parsed.GetValue(specFile), parsed.GetValue(threads), cancellationToken), CancellationToken.None));
        return command;
    }

    private static int Run(FileInfo? file, int? threads, CancellationToken cancellationToken)
    {
        ExperimentSpec? spec = null;
        if (file is not null)
        {
            var reading = Api.SpecFile.Read(file);
            foreach (var error in reading.Errors) Console.Error.WriteLine($"{error.Field}: {error.Message}");
            if (!reading.IsValid) return 2;
            spec = reading.Spec;
        }
        return BranchingFactorBenchmark.Run(spec, threads, Console.Out, Console.Error, cancellationToken);
    }
}
