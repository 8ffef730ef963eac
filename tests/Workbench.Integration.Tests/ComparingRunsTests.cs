using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs.Comparing;
using Workbench.Testing;

namespace Workbench.Integration.Tests;

[Collection(WorkbenchCollection.Name)]
public sealed class ComparingRunsTests(WorkbenchFixture fixture)
{
    private IDocumentStore Store => fixture.Hosts.WebServices.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task A_comparison_shows_only_the_spec_parameters_that_differ_every_metric_and_the_curves_overlaid()
    {
        var ids = await History.Record(Store,
        [
            new(WorkbenchFixture.TinySpec with { Temperature = 0.5 }, "comparer", new Dictionary<string, double> { ["creativity"] = 0.1 }),
            new(WorkbenchFixture.TinySpec with { Temperature = 2.0 }, "comparer", new Dictionary<string, double> { ["creativity"] = 0.4, ["uniqueness"] = 1 }),
        ]);
        using var ada = fixture.Hosts.CreateClient("ada");

        var comparison = await ada.GetFromJsonAsync<RunComparison>($"/api/compare?ids={ids[0]},{ids[1]}", ExperimentJson.Options);
        var csv = (await ada.GetStringAsync($"/api/compare?ids={ids[0]},{ids[1]}&format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var machine = (await ada.GetStringAsync($"/api/compare?ids={ids[0]},{ids[1]}&format=csv&names=machine")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var badNames = await ada.GetAsync($"/api/compare?ids={ids[0]},{ids[1]}&format=csv&names=pretty");

        Assert.Equal(ids, comparison!.Runs.Select(run => run.Id));
        Assert.Equal(["Temperature = 0.5", "Temperature = 2"], comparison.Runs.Select(run => run.Name));
        var difference = Assert.Single(comparison.SpecDifferences);
        Assert.Equal(("temperature", "Temperature"), (difference.Parameter, difference.Label));
        Assert.Equal(["0.5", "2"], difference.Values);
        Assert.Equal([0.1, 0.4], comparison.Metrics.Single(metric => metric.Name == "creativity").Values);
        Assert.Equal([null, 1.0], comparison.Metrics.Single(metric => metric.Name == "uniqueness").Values);
        var loss = Assert.Single(comparison.Curves, curve => curve.Name == "loss");
        Assert.Equal(ids, loss.Series.Select(series => series.Run));
        Assert.Equal("Run id,Name,Title,Status,Temperature,Creativity,Uniqueness", csv[0]);
        Assert.Equal("id,name,title,status,spec.temperature,metric.creativity,metric.uniqueness", machine[0]);
        Assert.Equal(3, csv.Length);
        Assert.Equal(csv[1..], machine[1..]);
        Assert.StartsWith($"{ids[0]},Temperature = 0.5,", csv[1]);
        Assert.Equal(HttpStatusCode.BadRequest, badNames.StatusCode);
        Assert.True((await badNames.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("names", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?ids=not-a-guid,01a21255-8b60-71d0-bec2-6c92c8208880")]
    [InlineData("?ids=01a21255-8b60-71d0-bec2-6c92c8208880")]
    [InlineData("?ids=01a21255-8b60-71d0-bec2-6c92c8208880,01a21255-8b60-71d0-bec2-6c92c8208881")]
    public async Task Comparing_fewer_than_two_runs_or_runs_that_do_not_exist_is_a_400_naming_ids(string query)
    {
        using var ada = fixture.Hosts.CreateClient("ada");

        var response = await ada.GetAsync($"/api/compare{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("ids", out _));
    }
}
