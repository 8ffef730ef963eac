using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Engine;
using Workbench.Engine.Creativity;
using Workbench.Runs;
using Workbench.Web.Accounts;

namespace Workbench.Integration.Tests;

/// <summary>The <c>workbench</c> CLI's API commands, run in this process against the real workbench, as a token's owner.</summary>
[Collection(WorkbenchCollection.Name)]
public sealed class CliTests(WorkbenchFixture fixture) : IDisposable
{
    private const string User = "margaret";
    private readonly CliRunner cli = new(fixture.Hosts.BaseAddress, fixture.Hosts.CreateToken(User).GetAwaiter().GetResult());
    private readonly RunsApiClient api = new(fixture.Hosts.CreateClient(User));

    [Fact]
    public async Task A_json_spec_is_submitted_and_watched_until_it_succeeds_then_listed_and_shown()
    {
        var spec = cli.File(".json", JsonSerializer.Serialize<ExperimentSpec>(WorkbenchFixture.TinySpec with { Seed = 61 }, ExperimentJson.Options));

        var submitted = await cli.Workbench("submit", spec, "--watch");

        Assert.Equal(0, submitted.ExitCode);
        var id = Guid.Parse(submitted.Lines[0]);
        Assert.StartsWith($"run {id} succeeded: Creativity ", submitted.Lines[1]);
        Assert.Contains($"[{new string('#', 30)}] 100%  step 20/20  loss ", submitted.Error);

        var table = await cli.Workbench("list", "--page-size", "200");
        Assert.Equal(0, table.ExitCode);
        Assert.Equal(["ID", "TITLE", "STATUS", "USER", "SUBMITTED", "METRICS"], table.Lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($@"^{id}  .*  succeeded  +{User}  +\d{{4}}-\d\d-\d\d \d\d:\d\d  Creativity [0-9.]+(, .*)?$", Assert.Single(table.Lines, line => line.StartsWith(id.ToString())));
        Assert.Matches(@"^page 1 of 1 \(\d+ runs?\)$", table.Lines[^1]);

        var csv = await cli.Workbench("list", "--page-size", "200", "--format", "csv");
        var machine = await cli.Workbench("list", "--page-size", "200", "--format", "csv", "--names", "machine");
        Assert.StartsWith("Run id,Title,Kind,Status,Submitted by,Submitted at,Progress,Creativity,", csv.Lines[0]);
        Assert.StartsWith("id,title,kind,status,submittedBy,submittedAt,progress,creativity,", machine.Lines[0]);
        Assert.Contains($",creativity,succeeded,{User},", Assert.Single(csv.Lines, line => line.StartsWith(id.ToString())));

        var filtered = await cli.Workbench("list", "--filter", $"user = {User} and seed = 61", "--search", "sibling", "--sort", "-submitted", "--format", "csv");
        Assert.Equal(0, filtered.ExitCode);
        Assert.Equal([id], filtered.Lines.Skip(1).Select(line => Guid.Parse(line.Split(',')[0])));
        var badFilter = await cli.Workbench("list", "--filter", "creativity >");
        Assert.Equal(2, badFilter.ExitCode);
        Assert.Contains(badFilter.ErrorLines, line => line.StartsWith("  filter: "));

        var json = JsonDocument.Parse((await cli.Workbench("list", "--page-size", "200", "--format", "json")).Output).RootElement;
        Assert.Contains(json.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == id);

        var shown = await cli.Workbench("show", id.ToString());
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains(shown.Lines, line => line.StartsWith("status     succeeded"));
        Assert.Contains(shown.Lines, line => line.StartsWith($"submitted  ") && line.EndsWith($" by {User}"));
        Assert.Contains(shown.Lines, line => line.StartsWith($"progress   [{new string('#', 30)}] 100%  step 20/20  loss "));
        Assert.Matches(@"^  Training steps +20$", Assert.Single(shown.Lines, line => line.StartsWith("  Training steps ")));
        // "Creativity (reference)" is its own line: the headline is the one labelled "Creativity" alone.
        Assert.Single(shown.Lines, line => Regex.IsMatch(line, @"^  Creativity +[0-9.]+$"));
        Assert.Single(shown.Lines, line => Regex.IsMatch(line, @"^  Creativity \(reference\) +[0-9.]+$"));

        var raw = JsonDocument.Parse((await cli.Workbench("show", id.ToString(), "--json")).Output).RootElement;
        Assert.Equal(id, raw.GetProperty("id").GetGuid());
        Assert.Equal("succeeded", raw.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_yaml_spec_is_submitted_as_the_json_the_api_takes_and_watched_to_success()
    {
        var spec = cli.File(".yaml", """
            # the tiny spec, as a person writes it
            kind: creativity
            objective: nextToken
            parents: 3
            childrenPerParent: 4
            trainingSteps: 20
            batchSize: 16
            width: 16
            depth: 1
            heads: 2
            evaluationSamples: 16
            learningRate: 3.0e-3
            seed: 62
            """);

        var submitted = await cli.Workbench("submit", spec);
        var id = Guid.Parse(Assert.Single(submitted.Lines));
        var watched = await cli.Workbench("watch", id.ToString());

        var run = await api.Get(id);
        var creativity = Assert.IsType<CreativitySpec>(run.Spec);
        Assert.Equal((20, 62, 0.003, 16), (creativity.TrainingSteps, creativity.Seed, creativity.LearningRate, creativity.EvaluationSamples));
        Assert.Equal(User, run.SubmittedBy);
        Assert.Equal(0, watched.ExitCode);
        Assert.StartsWith($"run {id} succeeded", watched.Output);
    }

    [Fact]
    public async Task A_bad_spec_prints_each_field_error_and_exits_non_zero()
    {
        var json = await cli.Workbench("submit", cli.File(".json", """{"kind": "creativity", "trainingSteps": 0, "learningRate": -1}"""));
        var yaml = await cli.Workbench("submit", cli.File(".yml", "kind: poetry\n"));
        var broken = await cli.Workbench("submit", cli.File(".yaml", "kind: creativity\ntrainingSteps: [20\n"));

        Assert.Equal(2, json.ExitCode);
        Assert.Equal("", json.Output);
        Assert.StartsWith("the workbench refused the request (400 Bad Request):", json.ErrorLines[0]);
        Assert.Contains(json.ErrorLines, line => line.StartsWith("  trainingSteps: "));
        Assert.Contains(json.ErrorLines, line => line.StartsWith("  learningRate: "));
        Assert.Equal(2, yaml.ExitCode);
        Assert.Contains(yaml.ErrorLines, line => line.StartsWith("  kind: "));
        Assert.Equal(2, broken.ExitCode);
        Assert.Matches(@"^spec-.*\.yaml line \d+, column \d+: ", broken.Error);
        Assert.All([json, yaml, broken], result => Assert.DoesNotContain("   at ", result.Error));
    }

    [Fact]
    public async Task A_cancelled_run_makes_watch_exit_non_zero_and_cannot_be_cancelled_again()
    {
        var spec = cli.File(".json", JsonSerializer.Serialize<ExperimentSpec>(WorkbenchFixture.TinySpec with { TrainingSteps = 100_000, Seed = 63 }, ExperimentJson.Options));
        var id = Guid.Parse((await cli.Workbench("submit", spec)).Output.Trim());

        var cancelled = await cli.Workbench("cancel", id.ToString());
        var watched = await cli.Workbench("watch", id.ToString());
        var again = await cli.Workbench("cancel", id.ToString());

        Assert.Equal(0, cancelled.ExitCode);
        // Cancelled at once if it was still waiting for the worker, asked to stop if it had started.
        Assert.Contains(cancelled.Output.Trim(), new[] { $"run {id} cancelled", $"run {id}: its worker is asked to stop (workbench watch {id} shows when it has)" });
        Assert.Equal(1, watched.ExitCode);
        Assert.StartsWith($"run {id} cancelled", watched.Output);
        Assert.Equal(RunStatus.Cancelled, (await api.Get(id)).Status);
        Assert.Contains((await cli.Workbench("show", id.ToString())).Lines, line => line.StartsWith("status     cancelled"));
        Assert.Equal(2, again.ExitCode);
        Assert.Equal("the workbench refused the request (409 Conflict): The run has already finished.", again.Error.Trim());
    }

    [Fact]
    public async Task A_finished_run_is_replayed_as_a_new_run_that_is_watched_to_success()
    {
        var original = await api.Submit(WorkbenchFixture.TinySpec with { Seed = 64 });
        await api.WaitUntilFinished(original);

        var replayed = await cli.Workbench("replay", original.ToString(), "--watch");

        Assert.Equal(0, replayed.ExitCode);
        var replay = Guid.Parse(replayed.Lines[0]);
        Assert.NotEqual(original, replay);
        Assert.Equal(original, (await api.Get(replay)).ReplayOf);
        Assert.StartsWith($"run {replay} succeeded", replayed.Lines[1]);
    }

    [Fact]
    public async Task An_exported_run_is_a_valid_archive_that_imports_once_per_id()
    {
        var id = await api.Submit(WorkbenchFixture.TinySpec with { Seed = 65 });
        await api.WaitUntilFinished(id);
        var archive = Path.Combine(cli.Folder, "run.json");

        var exported = await cli.Workbench("export", id.ToString(), "-o", archive);
        var importedAgain = await cli.Workbench("import", archive);
        // The same run under another id is new to this workbench.
        var copy = Guid.NewGuid();
        var copied = cli.File(".json", System.IO.File.ReadAllText(archive).Replace(id.ToString(), copy.ToString()));
        var imported = await cli.Workbench("import", copied);

        Assert.Equal(0, exported.ExitCode);
        Assert.StartsWith($"exported run {id} to {archive} (", exported.Output);
        var written = JsonDocument.Parse(System.IO.File.ReadAllText(archive)).RootElement;
        Assert.Equal("workbench-run/1", written.GetProperty("format").GetString());
        Assert.Equal(id, written.GetProperty("runId").GetGuid());
        Assert.Equal("run_submitted", written.GetProperty("events")[0].GetProperty("type").GetString());
        Assert.False(System.IO.File.Exists(archive + ".partial"));
        Assert.Equal(2, importedAgain.ExitCode);
        Assert.Equal($"the workbench refused the request (409 Conflict): Run {id} is already in this workbench.", importedAgain.Error.Trim());
        Assert.Equal(0, imported.ExitCode);
        Assert.Equal(copy.ToString(), imported.Output.Trim());
        Assert.Equal(RunStatus.Succeeded, (await api.Get(copy)).Status);
    }

    [Fact]
    public async Task Refused_tokens_unknown_runs_and_unreachable_addresses_get_one_clear_line_and_no_stack_trace()
    {
        using var margaret = fixture.Hosts.CreateClient(User);
        var created = (await (await margaret.PostAsJsonAsync("/api/tokens", new NewToken("cli test"))).Content.ReadFromJsonAsync<CreatedToken>())!;
        Assert.Equal(0, (await CliRunner.Cli(cli.Address, created.Token, "list")).ExitCode);
        Assert.Equal(HttpStatusCode.NoContent, (await margaret.DeleteAsync($"/api/tokens/{created.Id}")).StatusCode);
        var unknown = Guid.NewGuid();

        var revoked = await CliRunner.Cli(cli.Address, created.Token, "list");
        var madeUp = await CliRunner.Cli(cli.Address, AccessTokens.Prefix + "made-up", "show", unknown.ToString());
        var none = await CliRunner.Cli(cli.Address, "", "list");
        var unknownRun = await cli.Workbench("show", unknown.ToString());
        var unreachable = await CliRunner.Cli("http://127.0.0.1:1", cli.Token, "list");

        var refusedToken = $"the token was refused; create one on {cli.Address}/account/profile";
        Assert.Equal((3, refusedToken), (revoked.ExitCode, revoked.Error.Trim()));
        Assert.Equal((3, refusedToken), (madeUp.ExitCode, madeUp.Error.Trim()));
        Assert.Equal((3, $"no token: pass --token or set WORKBENCH_TOKEN; create one on {cli.Address}/account/profile"), (none.ExitCode, none.Error.Trim()));
        Assert.Equal((2, $"no run {unknown}"), (unknownRun.ExitCode, unknownRun.Error.Trim()));
        Assert.Equal(4, unreachable.ExitCode);
        Assert.StartsWith("cannot reach the workbench at http://127.0.0.1:1: ", unreachable.Error);
        Assert.Single(unreachable.ErrorLines);
    }

    [Fact]
    public async Task The_installed_command_takes_its_address_and_token_from_the_environment_and_exits_with_its_code()
    {
        var unknown = Guid.NewGuid();

        var listed = await cli.InItsOwnProcess("list", "--format", "csv", "--names", "machine");
        var notFound = await cli.InItsOwnProcess("show", unknown.ToString());

        Assert.Equal(0, listed.ExitCode);
        Assert.StartsWith("id,title,kind,status,submittedBy,submittedAt,progress", listed.Output);
        Assert.Equal((2, "", $"no run {unknown}"), (notFound.ExitCode, notFound.Output, notFound.Error.Trim()));
    }

    public void Dispose() => cli.Dispose();
}
