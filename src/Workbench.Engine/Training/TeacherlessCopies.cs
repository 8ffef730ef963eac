namespace Workbench.Engine.Training;

/// <summary>How a teacherless copy of an answer is laid out (the authors' <c>*/teacherless/*_hybrid.ipynb</c>).</summary>
public enum TeacherlessLayout
{
    /// <summary>
    /// One sequence per answer token after the first and before the end token, each reading the prompt and as many
    /// dummies as tokens before it and scoring that token alone. Sibling discovery: <c>[prefix&lt;q&gt; dummy] → b2</c>
    /// and <c>[prefix&lt;q&gt; dummy dummy] → a</c> (the first child is predicted from the prompt in the next-token
    /// example already, and the copies have no end token).
    /// </summary>
    PerToken,
    /// <summary>One sequence: the prompt, then dummies in place of every answer token, scoring the whole answer
    /// (end token included). Triangle discovery, circle and line construction.</summary>
    Whole,
}

/// <summary>
/// The authors' hybrid teacherless training set: every next-token example, and for each training answer some
/// teacherless copies of it (<see cref="TeacherlessLayout"/>), which read the same prompt and seed prefix as the
/// answer's own example. All are then trained together with next-token cross-entropy (<see cref="NextTokenTraining"/>)
/// and decoded autoregressively as usual; the copies teach the model to plan the whole answer from the prompt.
/// </summary>
public static class TeacherlessCopies
{
    /// <param name="examples">the training sequences, prefixes already in their prompts, each marked whether it is an answer
    /// (triangle discovery's edge sequences are not, and get no copies)</param>
    /// <param name="copies">copies per answer: its whole part always, its fractional part as the chance of one more
    /// (the authors copy half the triangles: 0.5)</param>
    /// <param name="random">decides the fractional copies, one draw per answer in order; not drawn from for whole numbers</param>
    /// <returns>each example followed by its copies, in the order given</returns>
    public static IReadOnlyList<TrainingExample> Mix(IReadOnlyList<(TrainingExample Example, bool IsAnswer)> examples, TeacherlessLayout layout,
        double copies, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copies);
        var whole = (int)Math.Floor(copies);
        var fraction = copies - whole;
        var mixed = new List<TrainingExample>();
        foreach (var (example, isAnswer) in examples)
        {
            mixed.Add(example);
            if (!isAnswer) continue;
            var count = whole + (fraction > 0 && random.NextDouble() < fraction ? 1 : 0);
            for (var copy = 0; copy < count; copy++) mixed.AddRange(CopiesOf(example, layout));
        }
        return mixed;
    }

    /// <summary>One teacherless copy of an answer's example: one sequence, or one per hidden token.</summary>
    public static IEnumerable<TrainingExample> CopiesOf(TrainingExample example, TeacherlessLayout layout) => layout switch
    {
        TeacherlessLayout.Whole => [example.AllHidden()],
        TeacherlessLayout.PerToken => Enumerable.Range(1, Math.Max(0, example.Answer.Length - 2)).Select(position =>
            example with { Answer = example.Answer[..(position + 1)], HiddenInputs = position, FirstScored = position }),
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };
}
