using System.CommandLine;
using Workbench.Engine.Creativity;

namespace Workbench.Cli;

/// <summary><c>workbench bench</c>: the engine's training and sampling throughput (<see cref="CreativityBenchmark"/>).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: one per core)." };
        var repetitions = new Option<int>("--repetitions") { Description = "Measured repetitions, after one warm-up.", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "Training steps per repetition.", DefaultValueFactory = _ => 100 };
        var answers = new Option<int>("--answers") { Description = "Answers sampled per repetition.", DefaultValueFactory = _ => 1024 };
        var task = new Option<CreativityTask>("--task") { Description = "The task.", DefaultValueFactory = _ => CreativityTask.SiblingDiscovery };
        var objective = new Option<TrainingObjective>("--objective") { Description = "The training objective.", DefaultValueFactory = _ => TrainingObjective.NextToken };
        var prefix = new Option<int?>("--seed-prefix") { Description = "Seed-prefix length (0: off; default: the spec's)." };
        var paper = new Option<bool>("--paper") { Description = "The task's paper-size preset (GPT-2 shape; use few --steps on a CPU) instead of the defaults." };
        var command = new Command("bench", "Measure training tokens/second and sampled answers/second at the default spec's size.")
        {
            threads, repetitions, steps, answers, task, objective, prefix, paper,
        };
        command.SetAction(parsed => CreativityBenchmark.Run(parsed.GetValue(threads), parsed.GetValue(repetitions), parsed.GetValue(steps),
            parsed.GetValue(answers), parsed.GetValue(task), parsed.GetValue(objective), parsed.GetValue(prefix), Console.Out, Console.Error,
            parsed.GetValue(paper)));
        return command;
    }
}
