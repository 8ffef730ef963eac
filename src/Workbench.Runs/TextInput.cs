using System.Text.Json;

namespace Workbench.Runs;

/// <summary>
/// Text people type that the store keeps and others read: notes, names, filters. Refused: NUL and unpaired
/// surrogates (PostgreSQL cannot store them), other control characters (but line breaks and tabs where the text
/// may have lines), and the bidirectional embeddings, overrides and isolates, which make text display in another
/// order than it is written ("Trojan Source", CVE-2021-42574).
/// </summary>
public static class TextInput
{
    /// <returns>why the text is refused, or null when it is fine (whether it may be missing or empty is the caller's to say)</returns>
    public static string? Problem(string? text, int maxLength, bool multiline = false)
    {
        if (text is null) return null;
        if (text.Length > maxLength) return $"is {text.Length} characters long; at most {maxLength}";
        if (StorageProblem(text) is { } unstorable) return unstorable;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
                return $"contains the bidirectional control U+{(int)c:X4} (at character {i + 1}), which changes how the text displays";
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
                return $"contains the control character U+{(int)c:X4} (at character {i + 1})";
        }
        return null;
    }

    /// <returns>why PostgreSQL cannot store the text (text or jsonb), or null when it can</returns>
    public static string? StorageProblem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\0') return $"contains a NUL character (at character {i + 1})";
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return $"contains an unpaired surrogate U+{(int)text[i]:X4} (at character {i + 1}), which is not text";
        }
        return null;
    }

    /// <summary>Every string in the JSON that PostgreSQL cannot store, with its path (e.g. <c>prompts[2]</c>).</summary>
    public static IEnumerable<(string Path, string Problem)> UnstorableIn(JsonElement json, string path = "") => json.ValueKind switch
    {
        JsonValueKind.String when StorageProblem(json.GetString()!) is { } problem => [(path, problem)],
        JsonValueKind.Object => json.EnumerateObject().SelectMany(property =>
            StorageProblem(property.Name) is { } problem ? [(path, $"has a member name that {problem}")]
                : UnstorableIn(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}")),
        JsonValueKind.Array => json.EnumerateArray().SelectMany((item, index) => UnstorableIn(item, $"{path}[{index}]")),
        _ => [],
    };
}
