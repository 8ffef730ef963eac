using Marten;
using Microsoft.AspNetCore.Identity;

namespace Workbench.Web.Accounts;

/// <summary>
/// On a workbench without users: creates the admin named in settings (Admin:UserName, Admin:Password),
/// or else logs a one-time setup link whose secret lives only in this process.
/// </summary>
public sealed class FirstAdmin(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<FirstAdmin> logger) : IHostedService
{
    /// <summary>The secret of the setup link; null once an admin exists.</summary>
    public static string? SetupSecret { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<IQuerySession>();
        if (await session.Query<WorkbenchUser>().AnyAsync(cancellationToken)) return;

        if (configuration["Admin:UserName"] is { Length: > 0 } name && configuration["Admin:Password"] is { Length: > 0 } password)
        {
            var result = await WorkbenchAccounts.CreateUser(scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>(), name, password, admin: true, createdBy: "settings");
            if (!result.Succeeded)
                throw new InvalidOperationException("Admin:UserName/Admin:Password cannot create the first admin: " + string.Join(" ", result.Errors.Select(e => e.Description)));
            logger.LogWarning("Created the first admin, {UserName}, from settings.", name);
            return;
        }
        SetupSecret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        logger.LogWarning("No users yet. Create the first admin at /account/setup?secret={Secret} (valid until this process stops).", SetupSecret);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static void SetupDone() => SetupSecret = null;
}
