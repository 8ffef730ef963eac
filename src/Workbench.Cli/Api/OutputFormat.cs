using System.CommandLine;

namespace Workbench.Cli.Api;

/// <summary>How a command prints what it found: a table for people, JSON (the API's answer) or CSV for programs.</summary>
public enum OutputFormat { Table, Json, Csv }

/// <summary>A CSV file's header row: the labels people read ("Creativity"), or the machine names scripts key on ("creativity"), as the API's <c>names</c>.</summary>
public enum CsvNames { Labels, Machine }

public static class CsvNamesOption
{
    public static Option<CsvNames> Create() => new("--names")
    {
        Description = "The CSV header: labels (\"Creativity\", the default) or machine (\"metric.creativity\", stable for scripts).",
        DefaultValueFactory = _ => CsvNames.Labels,
    };

    /// <summary>The API's <c>names</c> query value.</summary>
    public static string Query(CsvNames names) => names == CsvNames.Machine ? "machine" : "labels";
}
