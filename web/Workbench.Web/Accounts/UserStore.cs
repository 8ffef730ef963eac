using Marten;
using Microsoft.AspNetCore.Identity;

namespace Workbench.Web.Accounts;

/// <summary>
/// Identity's storage of users in Marten. Identity does everything else (hashing, verification,
/// security stamps, sign-in); this class only loads and saves <see cref="WorkbenchUser"/> documents.
/// </summary>
public sealed class UserStore(IDocumentSession session)
    : IUserPasswordStore<WorkbenchUser>, IUserSecurityStampStore<WorkbenchUser>, IUserLockoutStore<WorkbenchUser>
{
    public Task<string> GetUserIdAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);
    public Task<string?> GetUserNameAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.UserName);

    public Task SetUserNameAsync(WorkbenchUser user, string? userName, CancellationToken cancellationToken)
    {
        user.UserName = userName ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedUserName);

    public Task SetNormalizedUserNameAsync(WorkbenchUser user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedUserName = normalizedName ?? "";
        return Task.CompletedTask;
    }

    public async Task<IdentityResult> CreateAsync(WorkbenchUser user, CancellationToken cancellationToken)
    {
        if (await FindByNameAsync(user.NormalizedUserName, cancellationToken) is not null)
            return IdentityResult.Failed(new IdentityError { Code = "DuplicateUserName", Description = $"There is already a user called {user.UserName}." });
        session.Insert(user);
        await session.SaveChangesAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(WorkbenchUser user, CancellationToken cancellationToken)
    {
        session.Update(user);
        await session.SaveChangesAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(WorkbenchUser user, CancellationToken cancellationToken)
    {
        session.Delete(user);
        await session.SaveChangesAsync(cancellationToken);
        return IdentityResult.Success;
    }

    public Task<WorkbenchUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        session.LoadAsync<WorkbenchUser>(userId, cancellationToken);

    public async Task<WorkbenchUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        await session.Query<WorkbenchUser>().FirstOrDefaultAsync(user => user.NormalizedUserName == normalizedUserName, cancellationToken);

    public Task SetPasswordHashAsync(WorkbenchUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);
    public Task<bool> HasPasswordAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetSecurityStampAsync(WorkbenchUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(WorkbenchUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(WorkbenchUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);
    public Task<bool> GetLockoutEnabledAsync(WorkbenchUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(WorkbenchUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}
