namespace Workbench.Web.Accounts;

/// <summary>A team member who may sign in: a Marten document managed through ASP.NET Core Identity.</summary>
public sealed class WorkbenchUser
{
    public string Id { get; set; } = Guid.NewGuid().ToString();
    public string UserName { get; set; } = "";
    public string NormalizedUserName { get; set; } = "";
    /// <summary>Identity's own hash (PBKDF2 via <see cref="Microsoft.AspNetCore.Identity.PasswordHasher{TUser}"/>).</summary>
    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString();
    public bool IsAdmin { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public string CreatedBy { get; set; } = "";
}
