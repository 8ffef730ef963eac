using System.CommandLine;
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Pretrained;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench run-local SPEC [--models DIR]</c>: runs one experiment of any registered kind in this process, without the
/// web app, queue or store; the pretrained models a spec names are read from a local models folder. Progress goes to
/// standard error; the result, as JSON, to standard output.
/// Exit codes: 0 done, 1 the experiment failed, 2 unreadable or invalid spec (or one that needs a workbench's store),
/// 130 cancelled (Ctrl-C).
/// </summary>
public static class RunLocalCommand
{
    private const int Failed = 1;
    private const int InvalidSpec = 2;
    private const int Cancelled = 130;
    private const int ExamplesShown = 10;

    /// <summary>The shared spec options, but writing "&lt;eos&gt;" as is: this output goes to a terminal, not into HTML.</summary>
    private static readonly JsonSerializerOptions Output = new(ExperimentJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var specFile = new Argument<FileInfo>("spec") { Description = "A JSON or YAML experiment spec, e.g. {\"kind\": \"creativity\", \"trainingSteps\": 300}; omitted parameters take their defaults." };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var models = new Option<DirectoryInfo?>("--models")
        {
            Description = "The models folder the spec's model names are looked up in (default: the setting Models__Path, else .data/models).",
        };
        var command = new Command("run-local", "Run an experiment here and print its progress and result.") { specFile, threads, models };
        // On a worker thread: System.CommandLine may install its Ctrl-C handler only once the action has
        // returned a task, and Run computes for a long time before it returns.
        command.SetAction((parsed, cancellationToken) =>
            Task.Run(() => Run(parsed.GetRequiredValue(specFile), parsed.GetValue(threads), ModelsFolder(parsed.GetValue(models)), cancellationToken),
                CancellationToken.None));
        return command;
    }

    /// <summary>--models, else Models__Path (the workbench's setting), else .data/models under the current folder (infra/run.sh's default).</summary>
    private static ModelLibrary ModelsFolder(DirectoryInfo? given) =>
        new(given?.FullName ?? (Environment.GetEnvironmentVariable("Models__Path") is { Length: > 0 } path ? path : Path.Combine(".data", "models")));

    private static int Run(FileInfo file, int? threads, ModelLibrary models, CancellationToken cancellationToken)
    {
        var spec = ReadSpec(file);
        if (spec is null) return InvalidSpec;
        var kind = ExperimentKinds.Of(spec);
        var inputs = kind.InputsOf(spec);
        if (inputs.FirstOrDefault(input => input is not PretrainedModelInput) is { } stored)
        {
            Console.Error.WriteLine($"{file.Name}: {stored.Field}: a {kind.Name} run reads another run from a workbench's store; submit it to a workbench instead");
            return InvalidSpec;
        }
        var missing = inputs.OfType<PretrainedModelInput>()
            .Select(input => (input.Field, Problem: models.Problem(input))).Where(model => model.Problem is not null).ToList();
        foreach (var (field, problem) in missing) Console.Error.WriteLine($"{file.Name}: {field}: {problem}");
        if (missing.Count > 0) return InvalidSpec;

        var environment = TorchRuntime.Configure(threads);
        Console.Error.WriteLine($"{spec.Title} on {environment.Device}, {environment.Threads} threads " +
                                $"(TorchSharp {environment.TorchSharpVersion}, libtorch {environment.LibTorchVersion})");
        var clock = Stopwatch.StartNew();
        var progress = new ConsoleProgress();
        try
        {
            var result = kind.Run(spec, new ExperimentContext(progress, cancellationToken,
                input => input is PretrainedModelInput model ? models.Source(model.Name) : throw new InputUnavailableException(input, "run-local reads only models")));
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                spec.Title,
                Spec = spec,
                Environment = environment,
                progress.Models,
                ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
                result.Metrics,
                Examples = result.Examples.Take(ExamplesShown),
                result.Curves,
                result.Details,
            }, Output));
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"cancelled after {clock.Elapsed.TotalSeconds:F1} s");
            return Cancelled;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or ModelLoadException)
        {
            Console.Error.WriteLine($"the experiment failed: {exception.Message}");
            return Failed;
        }
    }

    /// <summary>The spec, or null after printing why it cannot be run.</summary>
    private static ExperimentSpec? ReadSpec(FileInfo file)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"No such file: {file.FullName}");
            return null;
        }
        var reading = Api.SpecFile.Read(file);
        foreach (var error in reading.Errors) Console.Error.WriteLine($"{file.Name}: {error.Field} {error.Message}");
        return reading.IsValid ? reading.Spec : null;
    }
}
