namespace Workbench.Web.Accounts;

/// <summary>
/// A personal access token, for scripts and the CLI. Only the SHA-256 of the secret is stored: the
/// secret is shown once, when it is created. Tokens are 32 random bytes, so a plain hash is enough.
/// </summary>
public sealed class AccessToken
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string SecretHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
