using Workbench.Cli;
using Workbench.Engine;

// Kinds of one's own, as the workbench's hosts load them (setting Experiments__Plugins, assemblies separated by ';').
ExperimentKinds.LoadPlugins((Environment.GetEnvironmentVariable("Experiments__Plugins") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries));
return await WorkbenchRootCommand.Create().Parse(args).InvokeAsync();
