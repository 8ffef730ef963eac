namespace Workbench.Web.Components;

/// <summary>How the UI writes instants: the server's clock and zone, to the second, plus how long ago.</summary>
public static class Moment
{
    public static string Format(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");

    public static string Ago(DateTimeOffset at, DateTimeOffset now) => (now - at) switch
    {
        var age when age < TimeSpan.FromMinutes(1) => "just now",
        var age when age < TimeSpan.FromHours(1) => $"{(int)age.TotalMinutes} min ago",
        var age when age < TimeSpan.FromDays(1) => $"{(int)age.TotalHours} h ago",
        var age => $"{(int)age.TotalDays} d ago",
    };
}
