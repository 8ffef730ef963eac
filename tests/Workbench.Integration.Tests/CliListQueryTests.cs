using Workbench.Cli.Api;

namespace Workbench.Integration.Tests;

/// <summary>What <c>workbench list</c> asks GET /api/runs for; no workbench needed.</summary>
public sealed class CliListQueryTests
{
    [Fact]
    public void Filter_search_and_sort_are_escaped_query_parameters()
    {
        var query = new RunListQuery(2, 10, "objective = teacherless and creativity > 0.3", "sibling & co", "-creativity");

        Assert.Equal("api/runs?page=2&pageSize=10&filter=objective%20%3D%20teacherless%20and%20creativity%20%3E%200.3&search=sibling%20%26%20co&sort=-creativity",
            query.PathAndQuery);
    }

    [Fact]
    public void Parameters_not_given_are_left_to_the_server()
    {
        Assert.Equal("api/runs?page=1&pageSize=50", new RunListQuery(1, 50, Search: " ").PathAndQuery);
    }
}
