namespace Workbench.Cli.Api;

/// <summary>The request behind <c>workbench list</c>: GET /api/runs with its query parameters.</summary>
/// <param name="Filter">an expression such as <c>objective = teacherless and creativity &gt; 0.3</c>, checked by the server</param>
/// <param name="Sort">a field, "-" first for descending</param>
public sealed record RunListQuery(int Page, int PageSize, string? Filter = null, string? Search = null, string? Sort = null)
{
    /// <summary>Relative to the workbench's address; parameters not given are left out, for the server's defaults.</summary>
    public string PathAndQuery
    {
        get
        {
            var parameters = new List<string> { $"page={Page}", $"pageSize={PageSize}" };
            if (!string.IsNullOrWhiteSpace(Filter)) parameters.Add("filter=" + Uri.EscapeDataString(Filter));
            if (!string.IsNullOrWhiteSpace(Search)) parameters.Add("search=" + Uri.EscapeDataString(Search));
            if (!string.IsNullOrWhiteSpace(Sort)) parameters.Add("sort=" + Uri.EscapeDataString(Sort));
            return "api/runs?" + string.Join('&', parameters);
        }
    }
}
