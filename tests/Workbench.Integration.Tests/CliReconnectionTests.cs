using System.Net;
using Workbench.Cli.Api;

namespace Workbench.Integration.Tests;

/// <summary>What the CLI's HTTP client repeats and what it never does, with a scripted transport in place of the network.</summary>
public sealed class CliReconnectionTests
{
    private static readonly Guid Run = Guid.CreateVersion7();
    private static readonly TimeSpan Patient = TimeSpan.FromMinutes(5);
    private readonly StringWriter notices = new();

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task A_watch_poll_the_workbench_refused_or_failed_is_sent_once(HttpStatusCode status)
    {
        var transport = new ScriptedTransport(_ => new HttpResponseMessage(status));
        using var client = Client(transport);

        await Assert.ThrowsAsync<WorkbenchRefused>(() => client.GetRun(Run, CancellationToken.None, Patient));

        Assert.Equal(1, transport.Sent);
        Assert.Equal("", notices.ToString());
    }

    [Fact]
    public async Task A_watch_poll_is_sent_again_through_refused_connections_and_unavailable_answers_until_the_workbench_answers()
    {
        var transport = new ScriptedTransport(
            _ => throw Refused(),
            _ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "the server closed the connection"),
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });
        using var client = Client(transport);

        Assert.Equal("{}", await client.GetRun(Run, CancellationToken.None, Patient));

        Assert.Equal(4, transport.Sent);
        var lines = notices.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("cannot reach the workbench at http://workbench.test (Connection refused); trying again for up to 5m", lines[0]);
        Assert.StartsWith("the workbench at http://workbench.test answers again (after ", lines[1]);
    }

    [Fact]
    public async Task A_watch_poll_gives_up_once_the_workbench_has_not_answered_for_its_patience()
    {
        var transport = new ScriptedTransport(_ => throw Refused());
        using var client = Client(transport);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetRun(Run, CancellationToken.None, TimeSpan.FromMilliseconds(300)));

        Assert.Equal(HttpRequestError.ConnectionError, failure.HttpRequestError);
        Assert.True(transport.Sent > 1, $"sent {transport.Sent} times");
    }

    [Fact]
    public async Task Requests_that_are_not_a_watch_are_sent_once()
    {
        var transport = new ScriptedTransport(_ => throw Refused());
        using var client = Client(transport);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetRun(Run, CancellationToken.None));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.Submit("{}", CancellationToken.None));

        Assert.Equal(2, transport.Sent);
    }

    private WorkbenchClient Client(ScriptedTransport transport) => new(new Uri("http://workbench.test"), "wbt_test", notices, transport);

    private static HttpRequestException Refused() => new(HttpRequestError.ConnectionError, "Connection refused");

    /// <summary>Answers each request with the next step of its script; the last step repeats.</summary>
    private sealed class ScriptedTransport(params Func<HttpRequestMessage, HttpResponseMessage>[] script) : HttpMessageHandler
    {
        public int Sent { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return script[Math.Min(Sent++, script.Length - 1)](request);
        }
    }
}
