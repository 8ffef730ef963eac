namespace Workbench.Engine.Tokens;

/// <summary>
/// The tokenizer: every token is one whole name (a node such as <c>p3</c> or <c>c17</c>, or a special
/// token), so text is names separated by spaces. Ids 0–2 are the special tokens; a task's own tokens
/// follow in the order the task lists them, so the same task parameters always give the same ids.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>Fills the unused end of shorter sequences in a batch; never a target.</summary>
    public const int Pad = 0;
    /// <summary>Starts every sequence: the prompt every answer is generated from.</summary>
    public const int Begin = 1;
    /// <summary>Ends every answer; generation stops when it is written.</summary>
    public const int End = 2;

    public const string PadName = "<pad>";
    public const string BeginName = "<bos>";
    public const string EndName = "<eos>";

    private readonly string[] names;
    private readonly Dictionary<string, int> ids;

    /// <param name="taskTokens">the task's token names, in id order after the special tokens</param>
    public Vocabulary(IEnumerable<string> taskTokens)
    {
        names = [PadName, BeginName, EndName, .. taskTokens];
        ids = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var id = 0; id < names.Length; id++)
        {
            if (string.IsNullOrWhiteSpace(names[id]) || names[id].Any(char.IsWhiteSpace))
                throw new ArgumentException($"Token name '{names[id]}' is empty or contains white space.", nameof(taskTokens));
            if (!ids.TryAdd(names[id], id))
                throw new ArgumentException($"Token '{names[id]}' appears twice.", nameof(taskTokens));
        }
    }

    public int Count => names.Length;

    public bool Contains(int id) => id >= 0 && id < names.Length;

    /// <summary>The token's name; an id outside the vocabulary is shown as <c>&lt;unk:ID&gt;</c> rather than hidden.</summary>
    public string NameOf(int id) => Contains(id) ? names[id] : $"<unk:{id}>";

    public int IdOf(string name) =>
        ids.TryGetValue(name, out var id) ? id : throw new KeyNotFoundException($"No token named '{name}'.");

    /// <summary>Token ids of names separated by white space, e.g. <c>"c3 c7 p1 &lt;eos&gt;"</c>.</summary>
    /// <exception cref="KeyNotFoundException">a name is not in the vocabulary</exception>
    public int[] Encode(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(IdOf)];

    /// <summary>Every token's name joined by spaces, special tokens included, so nothing the model wrote is hidden.</summary>
    public string Decode(IEnumerable<int> tokens) => string.Join(' ', tokens.Select(NameOf));
}
