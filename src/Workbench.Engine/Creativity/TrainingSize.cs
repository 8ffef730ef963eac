namespace Workbench.Engine.Creativity;

/// <summary>How many valid answers a task shows in training: a count when one is given, else a share of them.</summary>
/// <param name="Fraction">round(fraction × valid answers), at least one</param>
/// <param name="Answers">this many (at most all) when above 0</param>
public sealed record TrainingSize(double Fraction, int Answers = 0)
{
    public int Of(long validAnswers) => Answers > 0
        ? (int)Math.Min(Answers, validAnswers)
        : (int)Math.Clamp(Math.Round(Fraction * validAnswers), 1, validAnswers);

    public static implicit operator TrainingSize(double fraction) => new(fraction);
}
