using Marten;

namespace Workbench.Runs.Finding;

/// <summary>What to list: a filter expression (<see cref="RunFilter"/>), free text over titles, tags and notes, and an order.</summary>
public sealed record RunQuery(string? Filter = null, string? Search = null, string? Sort = null);

public sealed record RunsFound(IReadOnlyList<RunListing> Items, long Total);

/// <summary>The filter or the sort of a <see cref="RunQuery"/> cannot be run; <see cref="Field"/> says which.</summary>
public sealed class InvalidRunQuery(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The shared history, filtered, searched, sorted and paged in PostgreSQL.</summary>
public static class FindRuns
{
    private const string Table = "workbench.mt_doc_runlisting";

    /// <summary>The most rows an export holds.</summary>
    public const int ExportLimit = 10_000;

    /// <exception cref="InvalidRunQuery">the filter or sort does not parse, or names a metric no run has</exception>
    public static async Task<RunsFound> Page(IQuerySession session, RunQuery query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var (where, parameters) = await Where(session, query, cancellationToken);
        RunFilter.Ordering order;
        try { order = RunFilter.Order(query.Sort); }
        catch (FormatException exception) { throw new InvalidRunQuery("sort", exception.Message); }
        await CheckMetricsExist(session, "sort", order.AssumedMetrics, cancellationToken);

        var total = (await session.QueryAsync<long>($"select count(*) from {Table} as d where {where}", cancellationToken, [.. parameters])).Single();
        var items = await session.QueryAsync<RunListing>(
            $"select d.data from {Table} as d where {where} order by {order.OrderBy} limit ? offset ?", cancellationToken,
            [.. parameters, pageSize, (page - 1) * pageSize]);
        return new RunsFound(items, total);
    }

    private static async Task<(string Where, List<object> Parameters)> Where(IQuerySession session, RunQuery query, CancellationToken cancellationToken)
    {
        RunFilter.Sql filter;
        try { filter = RunFilter.Parse(query.Filter); }
        catch (FormatException exception) { throw new InvalidRunQuery("filter", exception.Message); }
        await CheckMetricsExist(session, "filter", filter.AssumedMetrics, cancellationToken);
        var parameters = filter.Parameters.ToList();
        var where = filter.Where;
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            foreach (var word in query.Search.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                where += " and strpos(d.data ->> 'searchText', ?) > 0";
                parameters.Add(word.ToLowerInvariant());
            }
        }
        return (where, parameters);
    }

    /// <summary>A name that is neither a field nor a spec parameter is taken for a metric; a typo should say so, not list nothing.</summary>
    private static async Task CheckMetricsExist(IQuerySession session, string field, IReadOnlyList<string> metrics, CancellationToken cancellationToken)
    {
        foreach (var metric in metrics.Distinct(StringComparer.Ordinal))
        {
            var known = (await session.QueryAsync<bool>(
                $"select exists(select 1 from {Table} as d where jsonb_exists(d.data -> 'metrics', ?))", cancellationToken, metric)).Single();
            if (!known)
                throw new InvalidRunQuery(field, $"\"{metric}\" is not a field, a spec parameter or a metric any run has (fields: kind, status, user, title, group, tag, submitted)");
        }
    }
}
