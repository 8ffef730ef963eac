namespace Workbench.Engine.Training;

/// <summary>
/// One training sequence: a prompt the model reads but is not scored on, then the answer it learns to write.
/// Keeping the two apart lets later variants change one without the other: seed-conditioning puts
/// random prefix tokens into the prompt; teacherless and diffusion objectives hide the answer differently.
/// </summary>
/// <param name="Prompt">context only, starting with <see cref="Tokens.Vocabulary.Begin"/></param>
/// <param name="Answer">the scored tokens, ending with <see cref="Tokens.Vocabulary.End"/> (a teacherless copy may stop earlier)</param>
public sealed record TrainingExample(int[] Prompt, int[] Answer)
{
    public int Length => Prompt.Length + Answer.Length;

    /// <summary>
    /// How many answer tokens, from the first, the model reads as the dummy token instead of themselves (a teacherless
    /// copy, <see cref="TeacherlessCopies"/>); 0 is teacher forcing. Tokens after them are read as they are.
    /// </summary>
    public int HiddenInputs { get; init; }

    /// <summary>The first answer token scored: answer tokens before it are context (read, or hidden) but not targets.</summary>
    public int FirstScored { get; init; }

    /// <summary>The same answer read entirely as dummies: every answer token predicted from the prompt alone.</summary>
    public TrainingExample AllHidden() => this with { HiddenInputs = Answer.Length };
}
