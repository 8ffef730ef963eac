namespace Workbench.Web.Components.Layout;

/// <summary>The signed-in user of this browser tab, cascaded from <see cref="MainLayout"/> to pages that act in their name.</summary>
public sealed class Researcher(string name, bool isAdmin)
{
    public string Name { get; } = name;
    public bool IsAdmin { get; } = isAdmin;
}
