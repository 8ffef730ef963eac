namespace Workbench.Web.Components.Layout;

/// <summary>
/// Who is using this browser tab, until sign-in exists: the name typed in the app bar, cascaded
/// from <see cref="MainLayout"/> to the pages that submit or cancel runs.
/// </summary>
public sealed class Researcher
{
    public const string Anonymous = "anonymous";

    public string Name { get; set; } = "";

    public string NameOrAnonymous => string.IsNullOrWhiteSpace(Name) ? Anonymous : Name.Trim();
}
