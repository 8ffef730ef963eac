using Marten;
using Workbench.Runs.Hosting;

var builder = Host.CreateApplicationBuilder(args);

// "rebuild-projections": derive every run document again from the event streams, then exit.
if (args is ["rebuild-projections"])
{
    builder.Configuration.LoadExperimentPlugins();
    builder.Services.AddWorkbenchStore(builder.Configuration.WorkbenchConnectionString());
    using var maintenance = builder.Build();
    await RebuildProjections.All(maintenance.Services.GetRequiredService<IDocumentStore>(), CancellationToken.None);
    Console.WriteLine("Rebuilt the run projections from the event streams.");
    return;
}

// A worker: a Hangfire server that takes runs from the queues its device serves and executes them.
builder.AddWorkbenchWorker();
builder.Build().Run();
