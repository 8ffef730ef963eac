using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Runs;

namespace Workbench.Web.Runs;

/// <summary>The limits of what the API reads from a query string, and one way to refuse what breaks them.</summary>
public static class ApiInput
{
    /// <summary>Beyond any real history (and within what an offset of page × size can hold).</summary>
    public const int MaxPage = 1_000_000;
    public const int MaxFilterLength = 4_000;
    public const int MaxSearchLength = 500;
    public const int MaxSortLength = 200;

    public static string? PageProblem(int page) => page is < 1 or > MaxPage ? $"must be between 1 and {MaxPage}" : null;

    public static string? PageSizeProblem(int pageSize, int maxPageSize) =>
        pageSize < 1 || pageSize > maxPageSize ? $"must be between 1 and {maxPageSize}" : null;

    /// <summary>A filter, search and sort the store can take: bounded, and no characters PostgreSQL refuses.</summary>
    public static IEnumerable<(string Field, string? Problem)> QueryProblems(string? filter, string? search, string? sort) =>
    [
        ("filter", TextInput.Problem(filter, MaxFilterLength, multiline: true)),
        ("search", TextInput.Problem(search, MaxSearchLength)),
        ("sort", TextInput.Problem(sort, MaxSortLength)),
    ];

    /// <returns>a 400 naming every field with a problem, or null when there is none</returns>
    public static ValidationProblem? Refusal(IEnumerable<(string Field, string? Problem)> checks)
    {
        var errors = checks.Where(check => check.Problem is not null).ToDictionary(check => check.Field, check => new[] { check.Problem! });
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
