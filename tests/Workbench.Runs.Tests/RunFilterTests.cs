using Workbench.Runs.Finding;

namespace Workbench.Runs.Tests;

/// <summary>The filter language on its own: what parses into which SQL, and what is refused with which message.</summary>
public sealed class RunFilterTests
{
    [Fact]
    public void Conditions_on_fields_spec_parameters_and_metrics_are_joined_with_and()
    {
        var sql = RunFilter.Parse("objective = teacherless and creativity > 0.3 AND status != failed");

        Assert.Equal(3, sql.Where.Split(" and ").Length);
        Assert.Contains("d.data -> 'spec' -> 'objective'", sql.Where);
        Assert.Contains("d.data -> 'metrics' -> 'creativity'", sql.Where);
        Assert.Equal(["teacherless", 0.3, "failed"], sql.Parameters);
        Assert.Equal(["creativity"], sql.AssumedMetrics);
    }

    [Fact]
    public void Quoted_values_keep_their_spaces_and_text_compares_ignoring_case()
    {
        var sql = RunFilter.Parse("title ~ \"Sibling Discovery\" and user = 'Ada'");

        Assert.Equal(["%Sibling Discovery%", "ada"], sql.Parameters);
    }

    [Fact]
    public void Spec_and_metric_prefixes_say_which_one_a_name_means()
    {
        var sql = RunFilter.Parse("spec.seed >= 2 and metric.seed < 1");

        Assert.Contains("d.data -> 'spec' -> 'seed'", sql.Where);
        Assert.Contains("d.data -> 'metrics' -> 'seed'", sql.Where);
        Assert.Empty(sql.AssumedMetrics);
    }

    [Fact]
    public void An_empty_filter_matches_everything() => Assert.Equal("true", RunFilter.Parse("  ").Where);

    [Theory]
    [InlineData("objective teacherless", "expected 'field op value'")]
    [InlineData("objective = teacherless or seed = 2", "expected 'and'")]
    [InlineData("objective = teacherless and", "a condition must follow 'and'")]
    [InlineData("objective > teacherless", "needs a number")]
    [InlineData("tag > 3", "tag takes = or !=")]
    [InlineData("submitted > yesterday", "is not a date")]
    [InlineData("spec.nonsense = 3", "no experiment has a parameter \"nonsense\"")]
    [InlineData("title = a\0b", "contains a NUL character")]
    public void A_filter_that_cannot_mean_anything_is_refused_with_the_reason(string filter, string reason)
    {
        var refused = Assert.Throws<FormatException>(() => RunFilter.Parse(filter));

        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public void Sorting_defaults_to_newest_first_and_takes_any_field()
    {
        Assert.StartsWith("d.submitted_at desc", RunFilter.Order(null).OrderBy);
        Assert.StartsWith("lower(d.data ->> 'submittedBy') asc", RunFilter.Order("user").OrderBy);
        var byMetric = RunFilter.Order("-creativity");
        Assert.Contains("'creativity'", byMetric.OrderBy);
        Assert.Contains("desc nulls last", byMetric.OrderBy);
        Assert.Equal(["creativity"], byMetric.AssumedMetrics);
    }

    [Fact]
    public void A_date_with_an_offset_is_compared_as_the_same_moment_in_utc()
    {
        var sql = RunFilter.Parse("submitted >= 2026-11-01T00:00+02:00");

        var moment = Assert.IsType<DateTimeOffset>(Assert.Single(sql.Parameters));
        Assert.Equal(TimeSpan.Zero, moment.Offset);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 22, 0, 0, TimeSpan.Zero), moment);
    }
}
