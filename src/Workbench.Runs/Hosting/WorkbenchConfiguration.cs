using Microsoft.Extensions.Configuration;

namespace Workbench.Runs.Hosting;

public static class WorkbenchConfiguration
{
    /// <summary>ConnectionStrings:Workbench (env: ConnectionStrings__Workbench), the same in every host and script.</summary>
    public static string WorkbenchConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString("Workbench")
        ?? throw new InvalidOperationException(
            "No PostgreSQL connection string: set ConnectionStrings__Workbench (infra/run.sh does this for you).");
}
