using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Runs.Grouping;
using Workbench.Web.Groups;

namespace Workbench.Integration.Tests;

/// <summary>/api/groups and /api/recipes as a script would use them.</summary>
public sealed class GroupsApiClient(HttpClient http)
{
    public Task<HttpResponseMessage> PostSweepRaw(string json) =>
        http.PostAsync("/api/groups/sweeps", new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<SubmittedGroup> SubmitSweep(string name, ExperimentSpec spec, object axes)
    {
        var body = new { name, spec, axes };
        var response = await PostSweepRaw(JsonSerializer.Serialize(body, ExperimentJson.Options));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SubmittedGroup>(ExperimentJson.Options))!;
    }

    public async Task<SubmittedGroup> SubmitRecipe(string name)
    {
        var response = await http.PostAsync($"/api/recipes/{name}", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmittedGroup>(ExperimentJson.Options))!;
    }

    public async Task<GroupDetails> Get(Guid id) =>
        (await http.GetFromJsonAsync<GroupDetails>($"/api/groups/{id}", ExperimentJson.Options))!;

    public async Task<GroupPage> List() =>
        (await http.GetFromJsonAsync<GroupPage>("/api/groups?pageSize=200", ExperimentJson.Options))!;

    public Task<string> ResultsText(Guid id, string format) => http.GetStringAsync($"/api/groups/{id}/results?format={format}");

    public async Task<List<RecipeSummary>> Recipes() =>
        (await http.GetFromJsonAsync<List<RecipeSummary>>("/api/recipes", ExperimentJson.Options))!;
}
