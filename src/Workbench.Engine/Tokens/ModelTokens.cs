namespace Workbench.Engine.Tokens;

/// <summary>
/// The token ids a model reads and writes: the task's vocabulary (ids 0 to <see cref="TaskTokens"/> − 1),
/// then, when the objective needs it, one <c>&lt;mask&gt;</c> token (teacherless training's placeholder and
/// diffusion's absorbing state), then the reserved seed-prefix tokens. Answers are only ever written with
/// task tokens; the extra tokens are inputs only, so a run without them has the task's vocabulary exactly.
/// </summary>
/// <param name="TaskTokens">the task vocabulary's size</param>
/// <param name="HasMask">whether the <c>&lt;mask&gt;</c> token exists</param>
/// <param name="PrefixTokens">the seed-prefix vocabulary's size (0 without seed-conditioning)</param>
public sealed record ModelTokens(int TaskTokens, bool HasMask, int PrefixTokens)
{
    /// <summary>The <c>&lt;mask&gt;</c> token's id.</summary>
    public int Mask => HasMask ? TaskTokens : throw new InvalidOperationException("This model has no mask token.");

    /// <summary>The first seed-prefix token's id; prefix tokens are named <c>&lt;s0&gt;</c>, <c>&lt;s1&gt;</c>, ….</summary>
    public int FirstPrefix => TaskTokens + (HasMask ? 1 : 0);

    /// <summary>The model's vocabulary size.</summary>
    public int Count => FirstPrefix + PrefixTokens;

    /// <summary>The name of any token id: the task's names, then <c>&lt;mask&gt;</c> and <c>&lt;sN&gt;</c>.</summary>
    public string NameOf(Vocabulary task, int id) =>
        id < TaskTokens ? task.NameOf(id)
        : HasMask && id == Mask ? "<mask>"
        : id >= FirstPrefix && id < Count ? $"<s{id - FirstPrefix}>"
        : $"<unk:{id}>";
}
