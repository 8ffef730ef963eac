using System.CommandLine;
using Workbench.Cli;

var root = new RootCommand("Workbench: run and benchmark the experiment engine from a terminal.")
{
    RunLocalCommand.Create(),
    BenchCommand.Create(),
    BenchBranchingFactorCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
