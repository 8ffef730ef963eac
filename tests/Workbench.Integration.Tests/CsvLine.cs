namespace Workbench.Integration.Tests;

public static class CsvLine
{
    /// <summary>One CSV line's cells; quoted cells may hold commas (no line breaks in these tests).</summary>
    public static List<string> Cells(string line) =>
        [.. System.Text.RegularExpressions.Regex.Matches(line, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)")
            .Select(match => match.Groups[1].Value is ['"', .. var quoted, '"'] ? quoted.Replace("\"\"", "\"") : match.Groups[1].Value)];
}
