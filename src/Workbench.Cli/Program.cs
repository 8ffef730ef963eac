using Workbench.Cli;

return await WorkbenchRootCommand.Create().Parse(args).InvokeAsync();
