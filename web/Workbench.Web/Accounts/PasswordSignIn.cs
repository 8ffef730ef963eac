using Microsoft.AspNetCore.Identity;

namespace Workbench.Web.Accounts;

public enum SignInOutcome { SignedIn, WrongCredentials, LockedOut, Disabled }

/// <summary>
/// Signing in with a user name and password, in the same time whether or not the name exists: Identity answers an
/// unknown name (or a locked or disabled account) without hashing anything, so how long a refusal takes would tell
/// which names are real. Here every attempt verifies one password hash. Wrong passwords count towards Identity's lockout.
/// </summary>
public sealed class PasswordSignIn(SignInManager<WorkbenchUser> signIn, UserManager<WorkbenchUser> users, IPasswordHasher<WorkbenchUser> hasher)
{
    /// <summary>A hash made by this hasher with its current settings, so that verifying against it costs what verifying a real one does.</summary>
    private static string? decoyHash;

    public async Task<SignInOutcome> Attempt(string userName, string password)
    {
        var user = userName.Length <= WorkbenchUser.MaxUserNameLength ? await users.FindByNameAsync(userName.Trim()) : null;
        if (user is null || user.IsDisabled || await users.IsLockedOutAsync(user))
        {
            VerifyDecoy(password);
            return user switch
            {
                null => SignInOutcome.WrongCredentials,
                { IsDisabled: true } => SignInOutcome.Disabled,
                _ => SignInOutcome.LockedOut,
            };
        }
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
        return result.Succeeded ? SignInOutcome.SignedIn : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials;
    }

    private void VerifyDecoy(string password)
    {
        var decoy = new WorkbenchUser();
        decoyHash ??= hasher.HashPassword(decoy, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(decoy, decoyHash, password);
    }
}
