using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Web.Accounts;
using Workbench.Runs.Artifacts;

namespace Workbench.Testing;

/// <summary>
/// The real workbench on one test database: the web app on Kestrel at a free loopback port, and
/// worker processes that can be started, stopped and killed.
/// </summary>
public sealed class WorkbenchHosts : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> web;
    private readonly List<HostProcess> workers = [];
    private readonly List<HostProcess> webProcesses = [];

    public TestDatabase Database { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider WebServices => web.Services;
    public IReadOnlyList<HostProcess> Workers => workers;
    /// <summary>The artifact store web and workers share (a folder unless settings say otherwise), removed with the database.</summary>
    public ArtifactStore Artifacts => web.Services.GetRequiredService<ArtifactStore>();
    /// <summary>The models folder web and workers share (setting Models:Path), removed with the database: tests write their models here.</summary>
    public string ModelsPath => settings["Models:Path"];

    /// <summary>Settings both the web app and every worker get.</summary>
    private readonly IReadOnlyDictionary<string, string> settings;

    private WorkbenchHosts(TestDatabase database, IReadOnlyDictionary<string, string> settings, WebApplicationFactory<Program> web, Uri baseAddress)
    {
        Database = database;
        this.settings = settings;
        this.web = web;
        BaseAddress = baseAddress;
    }

    /// <summary>
    /// How fast a test workbench notices a dead worker and repairs runs (every host gets them): short,
    /// so that fault tests finish in seconds, yet several heartbeats long, so that a busy machine does
    /// not make a live worker look dead.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FaultSettings = new Dictionary<string, string>
    {
        // A crashed worker's job goes back to the queue after this long without its heartbeat.
        ["Queue:InvisibilityTimeout"] = "00:00:15",
        ["Queue:ServerTimeout"] = "00:00:08",
        ["Reconciler:Interval"] = "00:00:01",
        ["Reconciler:Grace"] = "00:00:03",
    };

    /// <param name="settings">settings for web and workers, over the test defaults and <see cref="FaultSettings"/> (e.g. Artifacts:Store, RateLimits:SignInPerMinute)</param>
    /// <param name="serverConnectionString">the PostgreSQL server to create the database on; default: infra/test.sh's</param>
    public static async Task<WorkbenchHosts> Start(
        int workers = 1, IReadOnlyDictionary<string, string>? settings = null, string? serverConnectionString = null)
    {
        var database = await TestDatabase.Create(serverConnectionString);
        var shared = new Dictionary<string, string>(FaultSettings)
        {
            ["Artifacts:Path"] = Path.Combine(Path.GetTempPath(), database.Name + "_artifacts"),
            // Empty unless a test puts models there (workers look at it every 30 s).
            ["Models:Path"] = Path.Combine(Path.GetTempPath(), database.Name + "_models"),
            ["Experiments:Plugins"] = ThrowawayPlugin.Path,
            // Many tests sign in from one address; the tests of the limits set their own.
            ["RateLimits:SignInPerMinute"] = "1000",
            ["RateLimits:TokensPerMinute"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) shared[key] = value;
        Directory.CreateDirectory(shared["Models:Path"]);
        var web = StartWeb(database, shared, port: 0);
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1")))
            .First();
        var hosts = new WorkbenchHosts(database, shared, web, address);
        for (var i = 0; i < workers; i++) hosts.StartWorker();
        return hosts;
    }

    /// <summary>
    /// Another web app on this workbench's database and artifacts, listening on 127.0.0.1:<paramref name="port"/>:
    /// disposing it and starting another on the same port is a restart of the web app.
    /// </summary>
    public WebApplicationFactory<Program> StartWeb(int port) => StartWeb(Database, settings, port);

    private static WebApplicationFactory<Program> StartWeb(TestDatabase database, IReadOnlyDictionary<string, string> settings, int port)
    {
        var web = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing")
                .UseSetting("ConnectionStrings:Workbench", database.ConnectionString)
                .UseSetting("Admin:UserName", AdminName)
                .UseSetting("Admin:Password", AdminPassword);
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        });
        web.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        web.StartServer();
        return web;
    }

    /// <summary>The admin every test workbench starts with (Admin:UserName and Admin:Password).</summary>
    public const string AdminName = "admin";
    public const string AdminPassword = "admin-password-for-tests";
    /// <summary>The password of every user <see cref="CreateUser"/> makes.</summary>
    public const string UserPassword = "password-for-tests";

    /// <summary>A client that has not signed in.</summary>
    public HttpClient CreateAnonymousClient() => new() { BaseAddress = BaseAddress };

    /// <summary>A client acting as <paramref name="userName"/> (created if new) with a fresh access token.</summary>
    public HttpClient CreateClient(string userName = "ada")
    {
        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CreateToken(userName).GetAwaiter().GetResult());
        return client;
    }

    /// <summary>Creates the user if new (a member, password <see cref="UserPassword"/>) and returns their id.</summary>
    public async Task<string> CreateUser(string userName, bool admin = false)
    {
        await using var scope = web.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        if (await users.FindByNameAsync(userName) is { } existing) return existing.Id;
        var result = await WorkbenchAccounts.CreateUser(users, userName, UserPassword, admin, createdBy: "tests");
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        return (await users.FindByNameAsync(userName))!.Id;
    }

    /// <summary>A new access token's secret for the user (created if new).</summary>
    public async Task<string> CreateToken(string userName)
    {
        var userId = await CreateUser(userName);
        return (await web.Services.GetRequiredService<AccessTokens>().Create(userId, "tests", CancellationToken.None)).Secret;
    }

    /// <summary>Starts a worker process on this workbench's database.</summary>
    /// <param name="extra">settings of this worker only, e.g. Models:Path or Worker:ComputeType</param>
    public HostProcess StartWorker(int threads = 1, IReadOnlyDictionary<string, string>? extra = null)
    {
        var all = new Dictionary<string, string>(settings) { ["Worker:Threads"] = threads.ToString() };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) all[key] = value;
        var worker = HostProcess.Worker(Database.ConnectionString, all);
        workers.Add(worker);
        return worker;
    }

    /// <summary>The name a worker process goes by in its runs, the Workers page and the API: host:pid.</summary>
    public static string WorkerName(HostProcess worker) => $"{Environment.MachineName}:{worker.Id}";

    /// <summary>
    /// Starts a second web app on this workbench's database, as its own process (so that it can be
    /// killed), at a free loopback port; <paramref name="extra"/> adds settings (e.g. FaultInjection:KillAt).
    /// </summary>
    public (HostProcess Process, Uri Address) StartWebProcess(IReadOnlyDictionary<string, string>? extra = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var all = new Dictionary<string, string>(settings);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) all[key] = value;
        var process = HostProcess.Web(Database.ConnectionString, address, all);
        webProcesses.Add(process);
        return (process, address);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StopWorker(HostProcess worker)
    {
        await worker.DisposeAsync();
        workers.Remove(worker);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers.ToList()) await StopWorker(worker);
        foreach (var process in webProcesses) await process.DisposeAsync();
        var artifacts = Artifacts;
        await web.DisposeAsync();
        await Database.DisposeAsync();
        if (artifacts is FolderArtifactStore folder && Directory.Exists(folder.Root)) Directory.Delete(folder.Root, recursive: true);
        if (Directory.Exists(ModelsPath)) Directory.Delete(ModelsPath, recursive: true);
    }
}
