using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Workbench.Cli.Api;

/// <summary>
/// /api/runs, /api/groups and /api/recipes on one workbench, as its token's owner. Every failure becomes a
/// <see cref="WorkbenchRefused"/> whose message says what to do; only the transport's own
/// <see cref="HttpRequestException"/> (nothing answered) is left to the caller, which knows the address to name.
/// A watch's polls (those given a patience) ride out a workbench that is restarting: see <see cref="Reconnection"/>.
/// </summary>
public sealed class WorkbenchClient : IDisposable
{
    private readonly HttpClient http;

    /// <param name="baseAddress">the workbench's address, e.g. http://localhost:5080 (a path prefix is kept)</param>
    /// <param name="notices">where a watch says that it lost the workbench, and found it again</param>
    /// <param name="transport">what sends the requests; tests give a stand-in</param>
    public WorkbenchClient(Uri baseAddress, string token, TextWriter notices, HttpMessageHandler? transport = null)
    {
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        var reconnection = new Reconnection(Address, notices, TimeProvider.System);
        // Each attempt has its own timeout in the pipeline; the client's would cut a long patience short.
        http = new HttpClient(reconnection.Handler(transport ?? new SocketsHttpHandler())) { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseAddress { get; }

    /// <summary>The address as people write it, for messages: without the trailing slash.</summary>
    public string Address => BaseAddress.AbsoluteUri.TrimEnd('/');

    /// <summary>Where a user makes a token.</summary>
    public Uri ProfilePage => ProfilePageOf(BaseAddress);

    public static Uri ProfilePageOf(Uri baseAddress) => new(baseAddress, "account/profile");

    public async Task<Guid> Submit(string specJson, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/runs") { Content = Json(specJson) };
        return (await Read<SubmittedRun>(request, notFound: null, cancellationToken)).Id;
    }

    /// <returns>the page as the server wrote it (JSON), for <c>--format json</c></returns>
    public Task<string> ListRuns(RunListQuery query, CancellationToken cancellationToken) =>
        ReadText(Get(query.PathAndQuery), notFound: null, cancellationToken);

    /// <returns>the run's state as the server wrote it (JSON), for <c>--json</c></returns>
    /// <param name="patience">for a watch: how long to go on trying while the workbench does not answer</param>
    public Task<string> GetRun(Guid id, CancellationToken cancellationToken, TimeSpan? patience = null) =>
        ReadText(Get($"api/runs/{id}", patience), NoRun(id), cancellationToken);

    public async Task<RunState> GetRunState(Guid id, CancellationToken cancellationToken, TimeSpan? patience = null) =>
        Parse<RunState>(await GetRun(id, cancellationToken, patience));

    /// <returns>"Cancelled" (it was waiting) or "CancellationRequested" (its worker is asked to stop)</returns>
    public async Task<string> Cancel(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/runs/{id}/cancel");
        return (await Read<CancelAccepted>(request, NoRun(id), cancellationToken)).Outcome;
    }

    /// <returns>the new run, which repeats the finished one</returns>
    public async Task<Guid> Replay(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/runs/{id}/replay");
        return (await Read<SubmittedRun>(request, NoRun(id), cancellationToken)).Id;
    }

    /// <summary>Copies the run's archive (JSON, as GET /api/runs/{id}/export writes it) into <paramref name="destination"/>.</summary>
    public async Task Export(Guid id, Stream destination, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/runs/{id}/export");
        using var response = await Send(request, NoRun(id), cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <returns>the imported run's id (the one it had where it was exported)</returns>
    public async Task<Guid> Import(Stream archive, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/runs/import") { Content = new StreamContent(archive) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return (await Read<SubmittedRun>(request, notFound: null, cancellationToken)).Id;
    }

    /// <returns>whether the run had not had the tag</returns>
    public async Task<bool> Tag(Guid id, string tag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/runs/{id}/tags") { Content = Json(JsonSerializer.Serialize(new { tag })) };
        return (await Read<AnnotationRecorded>(request, NoRun(id), cancellationToken)).Changed;
    }

    /// <returns>whether the run had had the tag</returns>
    public async Task<bool> Untag(Guid id, string tag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/runs/{id}/tags/{Uri.EscapeDataString(tag)}");
        return (await Read<AnnotationRecorded>(request, NoRun(id), cancellationToken)).Changed;
    }

    public async Task AddNote(Guid id, string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/runs/{id}/notes") { Content = Json(JsonSerializer.Serialize(new { text })) };
        await Read<AnnotationRecorded>(request, NoRun(id), cancellationToken);
    }

    /// <param name="format">json or csv, as GET /api/compare writes them</param>
    /// <param name="names">the CSV's header: labels or machine</param>
    public Task<string> Compare(IEnumerable<Guid> ids, string format, string names, CancellationToken cancellationToken) =>
        ReadText(Get($"api/compare?ids={string.Join(',', ids)}&format={format}&names={names}"), notFound: null, cancellationToken);

    /// <param name="sweepJson">{"name", "spec", "axes"}, as POST /api/groups/sweeps takes it</param>
    public async Task<SubmittedGroup> SubmitSweep(string sweepJson, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/groups/sweeps") { Content = Json(sweepJson) };
        return await Read<SubmittedGroup>(request, notFound: null, cancellationToken);
    }

    /// <returns>the recipes as the server wrote them (JSON)</returns>
    public Task<string> Recipes(CancellationToken cancellationToken) => ReadText(Get("api/recipes"), notFound: null, cancellationToken);

    public async Task<SubmittedGroup> SubmitRecipe(string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/recipes/{Uri.EscapeDataString(name)}");
        return await Read<SubmittedGroup>(request, $"no recipe {name} (workbench recipe list names them)", cancellationToken);
    }

    /// <returns>the page of groups, newest first, as the server wrote it (JSON)</returns>
    public Task<string> ListGroups(int page, int pageSize, CancellationToken cancellationToken) =>
        ReadText(Get($"api/groups?page={page}&pageSize={pageSize}"), notFound: null, cancellationToken);

    /// <returns>the group with its runs' results as the server wrote it (JSON)</returns>
    /// <param name="patience">for a watch: how long to go on trying while the workbench does not answer</param>
    public Task<string> GetGroup(Guid id, CancellationToken cancellationToken, TimeSpan? patience = null) =>
        ReadText(Get($"api/groups/{id}", patience), NoGroup(id), cancellationToken);

    /// <returns>the group's results table as CSV, as the server writes it</returns>
    /// <param name="names">the CSV's header: labels or machine</param>
    public Task<string> GroupResultsCsv(Guid id, string names, CancellationToken cancellationToken) =>
        ReadText(Get($"api/groups/{id}/results?format=csv&names={names}"), NoGroup(id), cancellationToken);

    public async Task<GroupCancellation> CancelGroup(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/groups/{id}/cancel");
        return await Read<GroupCancellation>(request, NoGroup(id), cancellationToken);
    }

    public T Parse<T>(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, ApiJson.Options) ?? throw new JsonException("empty answer");
        }
        catch (JsonException exception)
        {
            throw new WorkbenchRefused($"what answered at {Address} is not a workbench's API: {exception.Message.Split(" Path:")[0]}", ExitCodes.Unreachable);
        }
    }

    public void Dispose() => http.Dispose();

    private static HttpRequestMessage Get(string path, TimeSpan? patience = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (patience is { } wait) request.Options.Set(Reconnection.Patience, wait);
        return request;
    }

    private static string NoGroup(Guid id) => $"no group {id}";

    private static string NoRun(Guid id) => $"no run {id}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<T> Read<T>(HttpRequestMessage request, string? notFound, CancellationToken cancellationToken) =>
        Parse<T>(await ReadText(request, notFound, cancellationToken));

    private async Task<string> ReadText(HttpRequestMessage request, string? notFound, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await Send(request, notFound, cancellationToken))
            return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>The answer if it is a success; otherwise throws what the user needs to know.</summary>
    /// <param name="notFound">the message for 404, when the path names something that may not exist</param>
    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, string? notFound, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new WorkbenchRefused($"the token was refused; create one on {ProfilePage}", ExitCodes.NotSignedIn),
                HttpStatusCode.Forbidden => new WorkbenchRefused("the workbench refused the request: your account may not do this (403 Forbidden)", ExitCodes.NotSignedIn),
                HttpStatusCode.NotFound when notFound is not null => new WorkbenchRefused(notFound, ExitCodes.Refused),
                HttpStatusCode.NotFound => new WorkbenchRefused($"{new Uri(BaseAddress, request.RequestUri!)} does not exist: is {Address} a workbench?", ExitCodes.Unreachable),
                var status when Reconnection.IsUnavailable(status) => new WorkbenchRefused($"the workbench at {Address} is not available ({(int)response.StatusCode} {response.ReasonPhrase})", ExitCodes.Unreachable),
                _ => new WorkbenchRefused(RefusalMessage.Of(response.StatusCode, body), ExitCodes.Refused),
            };
        }
    }
}
