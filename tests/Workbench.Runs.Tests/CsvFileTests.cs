using Workbench.Engine.Creativity;
using Workbench.Runs.Comparing;

namespace Workbench.Runs.Tests;

public sealed class CsvFileTests
{
    private static readonly CsvColumn[] Columns = [new("id", "Run id"), new("spec.seed", "Seed"), new("metric.seed", "Seed"), new("metric.creativity", "Creativity")];

    [Fact]
    public void The_header_is_the_labels_by_default_or_the_machine_names_and_the_rows_are_the_same()
    {
        IReadOnlyList<string?>[] rows = [["r1", "3", "0.5", null]];

        var labelled = CsvFile.Write(Columns, CsvNames.Labels, rows).Split("\r\n");
        var machine = CsvFile.Write(Columns, CsvNames.Machine, rows).Split("\r\n");

        // A label two columns share says which column it is, so a spreadsheet or pandas can still tell them apart.
        Assert.Equal("Run id,Seed (spec.seed),Seed (metric.seed),Creativity", labelled[0]);
        Assert.Equal("id,spec.seed,metric.seed,metric.creativity", machine[0]);
        Assert.Equal(["r1,3,0.5,", ""], labelled[1..]);
        Assert.Equal(labelled[1..], machine[1..]);
    }

    [Theory]
    [InlineData(null, CsvNames.Labels)]
    [InlineData("labels", CsvNames.Labels)]
    [InlineData("Machine", CsvNames.Machine)]
    [InlineData("header", null)]
    public void The_names_query_value_is_labels_or_machine(string? value, CsvNames? expected) =>
        Assert.Equal(expected, CsvFile.NamesOf(value));

    [Fact]
    public void A_comparison_writes_a_row_per_run_with_its_name_the_differing_parameters_and_the_metrics()
    {
        var spec = new CreativitySpec { Task = CreativityTask.LineConstruction };
        Run[] runs =
        [
            new() { Id = Guid.NewGuid(), Spec = spec with { Temperature = 0.5 }, Status = RunStatus.Succeeded, Metrics = new() { ["creativity"] = 0.1 } },
            new() { Id = Guid.NewGuid(), Spec = spec with { Temperature = 2 }, Status = RunStatus.Succeeded, Metrics = new() { ["creativity"] = 0.4, ["finalLoss"] = 1.5 } },
        ];
        runs[0].Title = runs[0].Spec.Title;
        runs[1].Title = runs[1].Spec.Title;
        var comparison = RunComparison.Of(runs);

        var labelled = comparison.ToCsv(CsvNames.Labels).Split("\r\n");
        var machine = comparison.ToCsv(CsvNames.Machine).Split("\r\n");

        Assert.Equal("Run id,Name,Title,Status,Temperature,Creativity,Final loss", labelled[0]);
        Assert.Equal("id,name,title,status,spec.temperature,metric.creativity,metric.finalLoss", machine[0]);
        Assert.Equal($"{runs[1].Id},Temperature = 2,\"{spec.Title}\",Succeeded,2,0.4,1.5", labelled[2]);
        Assert.Equal(["Temperature = 0.5", "Temperature = 2"], comparison.Runs.Select(run => run.Name));
    }
}
