using System.Diagnostics;
using Marten;
using Workbench.Engine.Creativity;
using Workbench.Runs.Finding;
using Workbench.Runs.Hosting;
using Workbench.Testing;

// The runs list with a team's worth of history: seeds N finished runs (default 10 000) into a fresh
// database, then times the queries the list page and the API make. Prints medians, never asserts.
var runs = args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : 10_000;
const int Repeats = 25;

await using var database = await TestDatabase.Create();
using var store = DocumentStore.For(options => WorkbenchStore.Configure(options, database.ConnectionString));
await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

var seeding = Stopwatch.StartNew();
var objectives = Enum.GetValues<TrainingObjective>();
var tasks = Enum.GetValues<CreativityTask>();
var random = new Random(1);
for (var batch = 0; batch < runs; batch += 500)
{
    await History.Record(store, Enumerable.Range(batch, Math.Min(500, runs - batch)).Select(i => new History.PastRun(
        new CreativitySpec { Task = tasks[i % tasks.Length], Objective = objectives[i / 4 % objectives.Length], Temperature = i % 5 * 0.5, Seed = i },
        $"user{i % 12}",
        new Dictionary<string, double> { ["creativity"] = random.NextDouble(), ["memorization"] = random.NextDouble() },
        Tags: i % 50 == 0 ? ["milestone"] : null,
        Note: i % 97 == 0 ? $"note {i}: plateau after warm-up" : null)));
}
Console.WriteLine($"Seeded {runs} runs in {seeding.Elapsed.TotalSeconds:0.0} s");

(string Name, RunQuery Query, int Page)[] cases =
[
    ("newest first, page 1 of 25", new RunQuery(), 1),
    ("newest first, page 200 of 25", new RunQuery(), 200),
    ("filter: objective = teacherless and creativity > 0.5", new RunQuery("objective = teacherless and creativity > 0.5"), 1),
    ("filter: status = succeeded and user = user0 and tag = milestone", new RunQuery("status = succeeded and user = user0 and tag = milestone"), 1),
    ("search: \"plateau warm\"", new RunQuery(Search: "plateau warm"), 1),
    ("sort: -creativity", new RunQuery(Sort: "-creativity"), 1),
];
Console.WriteLine($"{"query",-66} {"median ms",10} {"p95 ms",8} {"matches",8}");
foreach (var (name, query, page) in cases)
{
    var times = new List<double>();
    long total = 0;
    for (var repeat = 0; repeat <= Repeats; repeat++)
    {
        await using var session = store.QuerySession();
        var clock = Stopwatch.StartNew();
        total = (await FindRuns.Page(session, query, page, 25, CancellationToken.None)).Total;
        if (repeat > 0) times.Add(clock.Elapsed.TotalMilliseconds); // the first one warms caches and plans
    }
    times.Sort();
    Console.WriteLine($"{name,-66} {times[times.Count / 2],10:0.0} {times[(int)(times.Count * 0.95)],8:0.0} {total,8}");
}
