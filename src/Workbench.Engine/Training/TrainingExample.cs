namespace Workbench.Engine.Training;

/// <summary>
/// One training sequence: a prompt the model reads but is not scored on, then the answer it learns to write.
/// Keeping the two apart lets later variants change one without the other: seed-conditioning puts
/// random prefix tokens into the prompt; teacherless and diffusion objectives hide the answer differently.
/// </summary>
/// <param name="Prompt">context only, starting with <see cref="Tokens.Vocabulary.Begin"/></param>
/// <param name="Answer">the scored tokens, ending with <see cref="Tokens.Vocabulary.End"/></param>
public sealed record TrainingExample(int[] Prompt, int[] Answer)
{
    public int Length => Prompt.Length + Answer.Length;
}
