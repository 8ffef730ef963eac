using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Runs;
using Workbench.ThrowawayKind;

namespace Workbench.Integration.Tests;

/// <summary>
/// A kind of the tests' own (<see cref="CoinFlipsKind"/>, a plugin every test workbench loads) goes through the whole
/// workbench by its registration alone: nothing in the web app, the worker or the store names it.
/// </summary>
[Collection(WorkbenchCollection.Name)]
public sealed class RegisteringAKindTests(WorkbenchFixture fixture)
{
    private readonly HttpClient http = fixture.Hosts.CreateClient("kim");

    [Fact]
    public async Task A_kind_added_through_its_registration_alone_is_submitted_executed_listed_and_filtered_by_its_metric()
    {
        var api = new RunsApiClient(http);
        var response = await api.PostRaw("""{"kind": "coinFlips", "flips": 30, "seed": 4}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var run = await api.WaitUntilFinished(id);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal("Coin flips", run.Title);
        Assert.Equal(Enumerable.Range(1, 30), run.Loss.Select(point => point.Step));
        var share = run.Metrics["headsShare"];
        Assert.Equal(run.Curves.Single(curve => curve.Name == "heads").Points[^1].Y, share * 30);
        Assert.Equal(12, run.Examples.Count);
        Assert.NotNull(run.AllExamples);
        Assert.Equal(["flips"], run.Seeds.Keys);

        var found = await http.GetFromJsonAsync<JsonElement>("/api/runs?filter=" + Uri.EscapeDataString(
            FormattableString.Invariant($"kind = coinFlips and headsShare = {share} and spec.flips = 30")));
        Assert.Contains(found.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == id);
        var others = await http.GetFromJsonAsync<JsonElement>("/api/runs?filter=" + Uri.EscapeDataString("kind = coinFlips and headsShare > 1"));
        Assert.DoesNotContain(others.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Its_parameters_are_checked_by_their_own_metadata_and_unknown_ones_are_refused_with_a_suggestion()
    {
        var api = new RunsApiClient(http);

        var outOfRange = await Problem(await api.PostRaw("""{"kind": "coinFlips", "flips": 0}"""));
        var misspelt = await Problem(await api.PostRaw("""{"kind": "coinFlips", "flip": 3}"""));

        Assert.Equal("must be between 1 and 10000", outOfRange.GetProperty("errors").GetProperty("flips")[0].GetString());
        Assert.Equal("is not a parameter of coinFlips; did you mean \"flips\"?", misspelt.GetProperty("errors").GetProperty("flip")[0].GetString());
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
