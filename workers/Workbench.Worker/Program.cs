using Workbench.Runs.Hosting;

// A worker: a Hangfire server that takes runs from the "experiments" queue and executes them.
var builder = Host.CreateApplicationBuilder(args);
builder.AddWorkbenchWorker();
builder.Build().Run();
