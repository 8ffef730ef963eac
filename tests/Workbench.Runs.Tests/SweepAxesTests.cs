using System.Text.Json;
using Workbench.Runs.Grouping;

namespace Workbench.Runs.Tests;

public sealed class SweepAxesTests
{
    [Fact]
    public void Lines_become_axes_with_numbers_and_booleans_as_json_and_words_as_text()
    {
        var (axes, errors) = SweepAxes.Parse("objective: nextToken, teacherless\n\n  temperature: 0, 0.5,1  \r\npaperCompatible: true, \"true\"");

        Assert.Empty(errors);
        Assert.Equal(["objective", "temperature", "paperCompatible"], axes.Select(axis => axis.Parameter));
        Assert.Equal([JsonValueKind.String, JsonValueKind.String], axes[0].Values.Select(value => value.ValueKind));
        Assert.Equal([0, 0.5, 1], axes[1].Values.Select(value => value.GetDouble()));
        Assert.Equal([JsonValueKind.True, JsonValueKind.String], axes[2].Values.Select(value => value.ValueKind));
        Assert.Equal("objective: nextToken, teacherless\ntemperature: 0, 0.5, 1\npaperCompatible: true, true", SweepAxes.Format(axes));
    }

    [Theory]
    [InlineData("temperature 0, 1", "line 1")]
    [InlineData("seed: 1\n: 1, 2", "line 2")]
    [InlineData("seed: 1,, 2", "line 1")]
    [InlineData("seed:", "line 1")]
    [InlineData("top k: 1, 2", "line 1")]
    public void A_malformed_line_is_named(string text, string where)
    {
        var (_, errors) = SweepAxes.Parse(text);

        var error = Assert.Single(errors);
        Assert.Equal("axes", error.Field);
        Assert.StartsWith(where + ":", error.Message);
        Assert.EndsWith("should read \"parameter: value, value, ...\"", error.Message);
    }
}
