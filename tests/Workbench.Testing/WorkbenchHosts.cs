using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Workbench.Runs.Hosting;

namespace Workbench.Testing;

/// <summary>
/// The real workbench on one test database: the web app on Kestrel at a free loopback port, and
/// worker hosts (Hangfire servers) that can be started and stopped like separate processes.
/// Hangfire keeps its storage in a static, so every host of one test process shares one database.
/// </summary>
public sealed class WorkbenchHosts : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> web;
    private readonly List<IHost> workers = [];

    public TestDatabase Database { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider WebServices => web.Services;

    private WorkbenchHosts(TestDatabase database, WebApplicationFactory<Program> web, Uri baseAddress)
    {
        Database = database;
        this.web = web;
        BaseAddress = baseAddress;
    }

    public static async Task<WorkbenchHosts> Start(int workers = 1)
    {
        var database = await TestDatabase.Create();
        var web = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseEnvironment("Testing")
            .UseSetting("ConnectionStrings:Workbench", database.ConnectionString)
            .UseSetting("Logging:LogLevel:Default", "Warning"));
        web.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        web.StartServer();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1")))
            .First();
        var hosts = new WorkbenchHosts(database, web, address);
        for (var i = 0; i < workers; i++) await hosts.StartWorker();
        return hosts;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async Task<IHost> StartWorker(int threads = 1)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workbench"] = Database.ConnectionString,
            ["Worker:Threads"] = threads.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddWorkbenchWorker();
        var host = builder.Build();
        await host.StartAsync();
        workers.Add(host);
        return host;
    }

    public async Task StopWorker(IHost worker)
    {
        await worker.StopAsync();
        worker.Dispose();
        workers.Remove(worker);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers.ToList()) await StopWorker(worker);
        await web.DisposeAsync();
        await Database.DisposeAsync();
    }
}
