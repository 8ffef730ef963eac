using System.Security.Cryptography;
using System.Text;
using Marten;
using Workbench.Runs;

namespace Workbench.Web.Accounts;

/// <summary>Creates, lists, revokes and checks personal access tokens.</summary>
public sealed class AccessTokens(IDocumentStore store)
{
    /// <summary>Every secret starts with this, so a leaked one is recognisable (e.g. by secret scanners).</summary>
    public const string Prefix = "wbt_";

    public const int MaxNameLength = 100;

    public sealed record Created(AccessToken Token, string Secret);

    /// <summary>Why a token name is refused, or null when it is fine.</summary>
    public static string? NameError(string? name) => string.IsNullOrWhiteSpace(name)
        ? $"a token needs a name (what it is for) of 1 to {MaxNameLength} characters"
        : TextInput.Problem(name, MaxNameLength) is { } problem ? $"the name {problem}" : null;

    public async Task<Created> Create(string userId, string name, CancellationToken cancellationToken)
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new AccessToken
        {
            Id = Guid.NewGuid(), UserId = userId, Name = name.Trim(), SecretHash = Hash(secret), CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var session = store.LightweightSession();
        session.Insert(token);
        await session.SaveChangesAsync(cancellationToken);
        return new Created(token, secret);
    }

    public async Task<IReadOnlyList<AccessToken>> Of(string userId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Query<AccessToken>().Where(token => token.UserId == userId)
            .OrderByDescending(token => token.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <returns>false when the user has no such token (someone else's token is not theirs to revoke)</returns>
    public async Task<bool> Revoke(string userId, Guid tokenId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var token = await session.LoadAsync<AccessToken>(tokenId, cancellationToken);
        if (token is null || token.UserId != userId) return false;
        token.RevokedAt ??= DateTimeOffset.UtcNow;
        session.Update(token);
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <returns>the active token with this secret, or null</returns>
    public async Task<AccessToken?> Verify(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var hash = Hash(secret);
        await using var session = store.LightweightSession();
        var token = await session.Query<AccessToken>().FirstOrDefaultAsync(token => token.SecretHash == hash, cancellationToken);
        if (token is not { IsActive: true }) return null;
        token.LastUsedAt = DateTimeOffset.UtcNow;
        session.Update(token);
        await session.SaveChangesAsync(cancellationToken);
        return token;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
