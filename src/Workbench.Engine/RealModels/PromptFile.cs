using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Engine.RealModels;

/// <summary>
/// Prompts (or any list of text values) from an uploaded file, by its extension: <c>.jsonl</c> — one JSON value per line,
/// a string or an object whose "prompt" (else "text") field is one; <c>.csv</c> — the "prompt" (else "text") column
/// when the first row names one, otherwise every row's first cell; anything else — one value per non-blank line.
/// </summary>
public static class PromptFile
{
    private static readonly string[] Fields = ["prompt", "text"];

    /// <exception cref="FormatException">a line that is not what the format needs, named by its number</exception>
    public static IReadOnlyList<string> Read(string fileName, string content)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".jsonl" or ".ndjson" => JsonLines(content),
            ".csv" => CsvColumn(content),
            _ => [.. content.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0)],
        };
    }

    private static List<string> JsonLines(string content)
    {
        var values = new List<string>();
        var lines = content.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            if (lines[index].Trim().Length == 0) continue;
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(lines[index]);
            }
            catch (JsonException)
            {
                throw new FormatException($"line {index + 1} is not JSON");
            }
            var value = node switch
            {
                JsonValue text when text.TryGetValue<string>(out var plain) => plain,
                JsonObject item => Fields.Select(field => item[field]).OfType<JsonValue>().Select(field => field.TryGetValue<string>(out var text) ? text : null)
                    .FirstOrDefault(text => text is not null),
                _ => null,
            };
            values.Add(value ?? throw new FormatException($"line {index + 1} is neither a string nor an object with a \"prompt\" or \"text\" string"));
        }
        return values;
    }

    private static List<string> CsvColumn(string content)
    {
        var rows = CsvRows(content).Where(row => row.Any(cell => cell.Trim().Length > 0)).ToList();
        if (rows.Count == 0) return [];
        var named = Fields.Select(field => rows[0].FindIndex(cell => cell.Trim().Equals(field, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(column => column >= 0, -1);
        var column = Math.Max(named, 0);
        return [.. rows.Skip(named >= 0 ? 1 : 0).Select(row => column < row.Count ? row[column].Trim() : "").Where(cell => cell.Length > 0)];
    }

    /// <summary>RFC 4180: cells separated by commas, a quoted cell may hold commas, quotes ("") and line breaks.</summary>
    private static IEnumerable<List<string>> CsvRows(string content)
    {
        var (row, cell, quoted) = (new List<string>(), new StringBuilder(), false);
        for (var i = 0; i < content.Length; i++)
        {
            var character = content[i];
            if (quoted)
            {
                if (character != '"') cell.Append(character);
                else if (i + 1 < content.Length && content[i + 1] == '"') cell.Append(content[++i]);
                else quoted = false;
                continue;
            }
            switch (character)
            {
                case '"': quoted = true; break;
                case ',': row.Add(cell.ToString()); cell.Clear(); break;
                case '\r': break;
                case '\n':
                    row.Add(cell.ToString());
                    cell.Clear();
                    yield return row;
                    row = [];
                    break;
                default: cell.Append(character); break;
            }
        }
        if (quoted) throw new FormatException("a quoted cell is not closed");
        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            yield return row;
        }
    }
}
