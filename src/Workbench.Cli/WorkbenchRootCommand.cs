using System.CommandLine;
using Workbench.Cli.Api;
using Workbench.Cli.Pretrained;

namespace Workbench.Cli;

/// <summary>Every <c>workbench</c> command: the engine run here, and a workbench used through its HTTP API.</summary>
public static class WorkbenchRootCommand
{
    public static RootCommand Create() => new("Workbench: run and benchmark the experiment engine here, or use a workbench through its HTTP API.")
    {
        RunLocalCommand.Create(),
        KindsCommand.Create(),
        BenchCommand.Create(),
        BenchBranchingFactorCommand.Create(),
        ModelsCommand.Create(),
        TokenizeCommand.Create(),
        ScoreCommand.Create(),
        GenerateCommand.Create(),
        BenchPretrainedCommand.Create(),
        BenchGenerationCommand.Create(),
        SubmitCommand.Create(),
        ListCommand.Create(),
        ShowCommand.Create(),
        WatchCommand.Create(),
        CancelCommand.Create(),
        ReplayCommand.Create(),
        ExportCommand.Create(),
        ImportCommand.Create(),
        TagCommand.Create(),
        NoteCommand.Create(),
        CompareCommand.Create(),
        SweepCommand.Create(),
        RecipeCommand.Create(),
        GroupCommand.Create(),
    };
}
