namespace Workbench.Web.Accounts;

/// <summary>A team member who may sign in: a Marten document managed through ASP.NET Core Identity.</summary>
public sealed class WorkbenchUser
{
    public const int MaxUserNameLength = 64;

    public string Id { get; set; } = Guid.NewGuid().ToString();
    public string UserName { get; set; } = "";
    public string NormalizedUserName { get; set; } = "";
    /// <summary>Identity's own hash (PBKDF2 via <see cref="Microsoft.AspNetCore.Identity.PasswordHasher{TUser}"/>).</summary>
    public string? PasswordHash { get; set; }
    /// <summary>Changes on sign-out and when the account is disabled: every cookie issued before stops working.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString();
    public bool IsAdmin { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public string CreatedBy { get; set; } = "";

    /// <summary>Identity's lockout: wrong passwords in a row, and until when sign-in is refused after too many.</summary>
    public int AccessFailedCount { get; set; }
    public DateTimeOffset? LockoutEnd { get; set; }
    public bool LockoutEnabled { get; set; } = true;

    /// <summary>An admin disabled the account: no sign-in, no session, no token works until it is enabled again.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    public string? DisabledBy { get; set; }

    public bool IsDisabled => DisabledAt is not null;
}
